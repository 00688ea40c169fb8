// Tiny but real images, so clients that decode or display what Tencent returns get valid bytes.

/** An 8×8 white baseline JPEG: what getwxacodeunlimit answers (real codes are JPEG too). */
export const MINI_PROGRAM_CODE_JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/wAALCAAIAAgBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAAB//EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8Af3//2Q==',
  'base64',
)

/** An 8×8 checkerboard PNG: contact-way QR codes and avatars. */
export const PLACEHOLDER_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAIBAAAAAAklAxWAAAADklEQVQI12OYCQQMhAkAfrcTIZ+NOXYAAAAASUVORK5CYII=',
  'base64',
)
