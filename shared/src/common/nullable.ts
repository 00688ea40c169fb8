import { Type } from 'typebox'

/** A value or null (JSON has no undefined). */
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])
