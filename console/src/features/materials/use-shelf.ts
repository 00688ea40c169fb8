import { errorMessage } from '@liuliang/ui/errors'
import { useState } from 'react'

/** What happened last on a shelf: uploads' outcome, or a removal that can still be undone. */
export type ShelfNotice<Entry> =
  | { kind: 'uploaded'; done: number; failed: string[] }
  | { kind: 'removed'; entry: Entry; usedIn: string | null }
  | { kind: 'error'; message: string }

/**
 * What a shelf of the library does alike for pictures, videos and documents: uploads several files one after
 * another with a count and what failed, and removes an entry with an undo.
 */
export function useShelf<Entry extends { id: number }>(actions: {
  /** what is wrong with a file before it is sent, or null */
  problem: (file: File) => string | null
  upload: (file: File) => Promise<unknown>
  remove: (id: number) => Promise<unknown>
  restore: (id: number) => Promise<unknown>
  /** where the entry is used, in words, said with its removal (null: nowhere, or not known) */
  usedIn?: (id: number) => Promise<string | null>
}) {
  const [version, setVersion] = useState(0)
  const [uploading, setUploading] = useState<{ done: number; of: number } | null>(null)
  const [notice, setNotice] = useState<ShelfNotice<Entry> | null>(null)
  const failedWith = (error: unknown) => setNotice({ kind: 'error', message: errorMessage(error) })

  return {
    /** changes after an upload or an undo, so the shelf loads again */
    version,
    uploading,
    notice,

    async uploadAll(files: File[]) {
      const failed: string[] = []
      setUploading({ done: 0, of: files.length })
      // One after another: the server takes a file per request, and the admin sees the count move.
      for (const [index, file] of files.entries()) {
        const problem = actions.problem(file)
        if (problem) failed.push(`${file.name}：${problem}`)
        else {
          try {
            await actions.upload(file)
          } catch (error) {
            failed.push(`${file.name}：${errorMessage(error)}`)
          }
        }
        setUploading({ done: index + 1, of: files.length })
      }
      setUploading(null)
      setNotice({ kind: 'uploaded', done: files.length - failed.length, failed })
      setVersion((n) => n + 1)
    },

    async remove(entry: Entry, changed: () => void) {
      try {
        const usedIn = (await actions.usedIn?.(entry.id).catch(() => null)) ?? null
        await actions.remove(entry.id)
        setNotice({ kind: 'removed', entry, usedIn })
        changed()
      } catch (error) {
        failedWith(error)
      }
    },

    async undo(entry: Entry) {
      try {
        await actions.restore(entry.id)
        setNotice(null)
        setVersion((n) => n + 1)
      } catch (error) {
        failedWith(error)
      }
    },
  }
}

export type Shelf<Entry extends { id: number }> = ReturnType<typeof useShelf<Entry>>
