import { ErrorResponseSchema } from '@liuliang/shared'
import type { TSchema } from 'typebox'

/** Response schemas for a route: its success bodies plus the shared error shape for every 4xx. */
export function responses<T extends Record<number, TSchema>>(success: T, ...errors: number[]) {
  const documented: Record<number, TSchema> = { ...success, 400: ErrorResponseSchema }
  for (const status of errors) documented[status] = ErrorResponseSchema
  return documented as T & Record<number, TSchema>
}
