/**
 * Cursor pages can only be walked forward, so "上一页" needs the cursors already visited.
 * The first page's cursor is null.
 */
export type CursorStack = readonly (string | null)[]

export const firstPage: CursorStack = [null]

export const currentCursor = (stack: CursorStack): string | null => stack[stack.length - 1] ?? null
export const pageNumber = (stack: CursorStack): number => stack.length
export const nextPage = (stack: CursorStack, nextCursor: string): CursorStack => [...stack, nextCursor]
export const previousPage = (stack: CursorStack): CursorStack => (stack.length > 1 ? stack.slice(0, -1) : stack)
