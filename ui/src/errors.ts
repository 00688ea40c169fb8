/** An error whose message is written for the person using the page (zh-CN). */
export class UserFacingError extends Error {}

/** What to show a person for any thrown value; internal messages are never shown. */
export function errorMessage(error: unknown): string {
  if (error instanceof UserFacingError) return error.message
  return '出了点问题，请稍后重试'
}
