import { Type, type Static, type TSchema } from 'typebox'

export const CursorQuerySchema = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'Opaque cursor from the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
})
export type CursorQuery = Static<typeof CursorQuerySchema>

/** A page of items, newest first; `nextCursor` is null on the last page. */
export const PageSchema = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) })
export interface Page<T> {
  items: T[]
  nextCursor: string | null
}
