// Tiny but real images, so clients that decode or display what Tencent returns get valid bytes.

/** An 8×8 checkerboard PNG: avatars and the demo's stand-in image host. */
export const PLACEHOLDER_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAIBAAAAAAklAxWAAAADklEQVQI12OYCQQMhAkAfrcTIZ+NOXYAAAAASUVORK5CYII=',
  'base64',
)
