import { Type, type Static } from 'typebox'

/** Every 4xx/5xx body: `{ error: { code, message } }`. */
export const ErrorResponseSchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'UPPER_SNAKE machine-readable code' }),
      message: Type.String({ description: 'Human-readable message (zh-CN)' }),
    }),
  },
  { $id: 'ErrorResponse' },
)
export type ErrorResponse = Static<typeof ErrorResponseSchema>
