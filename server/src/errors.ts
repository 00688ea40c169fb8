/** A failure the client caused or can act on; the error handler answers it as `{error:{code,message}}`. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'AppError'
  }
}

export const badRequest = (code: string, message: string) => new AppError(400, code, message)
export const unauthorized = (code: string, message: string) => new AppError(401, code, message)
export const forbidden = (code: string, message: string) => new AppError(403, code, message)
export const notFound = (code: string, message: string) => new AppError(404, code, message)
export const conflict = (code: string, message: string) => new AppError(409, code, message)

/** Refuses with a 400 when a shared rule found a problem with what was asked. */
export function refuseIf(problem: string | null, code: string): void {
  if (problem !== null) throw badRequest(code, problem)
}

/** The row, or a 404 with this code when there is none. */
export function foundOr404<T>(row: T | undefined, code: string, message: string): T {
  if (row === undefined) throw notFound(code, message)
  return row
}
