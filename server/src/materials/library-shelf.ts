import { and, eq, isNotNull, isNull } from 'drizzle-orm'
import { changedFields } from '../audit/changes'
import { recordChange } from '../audit/audit-service'
import { rowsChanged, type Tx } from '../db'
import { libraryFiles, libraryImages } from '../db/schema'
import { notFound } from '../errors'

/**
 * What the library's shelves (pictures, videos and files) do alike: rename an entry, take it out and put it
 * back, each logged. Removal and undo are updates that name the state they leave, so two at once change and
 * log it once.
 */
export function libraryShelf(table: typeof libraryImages | typeof libraryFiles, auditType: string, notInLibrary: readonly [string, string]) {
  const onShelf = isNull(table.removedAt)
  const inLibrary = (id: number) => and(eq(table.id, id), onShelf)
  return {
    /** Entries still in the library (a list's condition), and one of them (a read's). */
    onShelf,
    inLibrary,

    async rename(tx: Tx, id: number, before: string, title: string): Promise<void> {
      if (before === title) return
      await tx.update(table).set({ title }).where(eq(table.id, id))
      await recordChange(tx, { objectType: auditType, objectId: id, changes: changedFields({ title: before }, { title }) })
    },

    async remove(tx: Tx, id: number, at: Date): Promise<void> {
      if (!rowsChanged(await tx.update(table).set({ removedAt: at }).where(inLibrary(id)))) throw notFound(...notInLibrary)
      await recordChange(tx, { objectType: auditType, objectId: id, action: 'delete', changes: [] })
    },

    async restore(tx: Tx, id: number): Promise<void> {
      if (!rowsChanged(await tx.update(table).set({ removedAt: null }).where(and(eq(table.id, id), isNotNull(table.removedAt))))) throw notFound(...notInLibrary)
      await recordChange(tx, { objectType: auditType, objectId: id, action: 'update', changes: [{ field: 'removed', before: true, after: false }] })
    },

    /** A new entry, or one uploaded again (back in the library if it was removed). */
    async logUpload(tx: Tx, id: number, title: string): Promise<void> {
      await recordChange(tx, { objectType: auditType, objectId: id, action: 'create', changes: [{ field: 'title', before: null, after: title }] })
    },
  }
}
