import { and, eq, isNotNull, isNull } from 'drizzle-orm'
import { changedFields } from '../audit/changes'
import { recordChange } from '../audit/audit-service'
import { rowsChanged, type DbOrTx, type Tx } from '../db'
import { libraryFiles, libraryImages } from '../db/schema'
import { notFound } from '../errors'
import type { ServiceDeps } from '../services'

/**
 * What the library's shelves (pictures, videos and documents) do alike: rename an entry, take it out and put
 * it back, each logged. Removal and undo are updates that name the state they leave, so two at once change
 * and log it once.
 */
export function libraryShelf(table: typeof libraryImages | typeof libraryFiles, auditType: string, notInLibrary: readonly [string, string]) {
  const onShelf = isNull(table.removedAt)
  const inLibrary = (id: number) => and(eq(table.id, id), onShelf)

  return {
    /** Entries still in the library (a list's condition), and one of them (a read's). */
    onShelf,
    inLibrary,

    /** A new entry, or one uploaded again (back in the library if it was removed). */
    async logUpload(tx: Tx, id: number, title: string): Promise<void> {
      await recordChange(tx, { objectType: auditType, objectId: id, action: 'create', changes: [{ field: 'title', before: null, after: title }] })
    },

    /** Rename, removal and undo as a service's methods, each a unit of work; `entryOf` reads an entry still in the library. */
    actions<Entry extends { title: string }>({ db, now }: Pick<ServiceDeps, 'db' | 'now'>, entryOf: (tx: DbOrTx, id: number) => Promise<Entry>) {
      return {
        rename: (id: number, title: string): Promise<Entry> =>
          db.transaction(async (tx) => {
            const entry = await entryOf(tx, id)
            if (entry.title === title) return entry
            await tx.update(table).set({ title }).where(eq(table.id, id))
            await recordChange(tx, { objectType: auditType, objectId: id, changes: changedFields({ title: entry.title }, { title }) })
            return { ...entry, title }
          }),

        remove: (id: number): Promise<void> =>
          db.transaction(async (tx) => {
            if (!rowsChanged(await tx.update(table).set({ removedAt: now() }).where(inLibrary(id)))) throw notFound(...notInLibrary)
            await recordChange(tx, { objectType: auditType, objectId: id, action: 'delete', changes: [] })
          }),

        restore: (id: number): Promise<Entry> =>
          db.transaction(async (tx) => {
            if (!rowsChanged(await tx.update(table).set({ removedAt: null }).where(and(eq(table.id, id), isNotNull(table.removedAt))))) throw notFound(...notInLibrary)
            await recordChange(tx, { objectType: auditType, objectId: id, action: 'update', changes: [{ field: 'removed', before: true, after: false }] })
            return entryOf(tx, id)
          }),
      }
    },
  }
}
