import { Type } from 'typebox'

/** `T | null`, for fields that are always present but may be empty. */
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()])
