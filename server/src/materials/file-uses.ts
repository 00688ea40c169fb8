// Where a library video or document is used: the brand's scripts that send it, and the welcome messages
// and broadcasts still to go that attach it. Each keeps it by id inside JSON, whose text differs between
// the engines (jsonb spaces and reorders keys), so SQL narrows the rows and the id is matched here.
import { and, eq, inArray, isNull } from 'drizzle-orm'
import type { LibraryUse } from '@liuliang/shared'
import type { Db } from '../db'
import { mentionsText as mentions } from '../db/like'
import { broadcasts, scripts, welcomeMessages } from '../db/schema'

/** At most this many places of each kind are named, as for pictures. */
const PER_KIND = 20

type Attachment = { type?: string; fileId?: unknown }
const attaches = (attachments: Attachment[] | null, fileId: number) => (attachments ?? []).some((attachment) => attachment.type === 'file' && Number(attachment.fileId) === fileId)

export async function fileUses(db: Db, fileId: number): Promise<LibraryUse[]> {
  // One screen's reads: on PostgreSQL they share a connection.
  const [sending, welcoming, broadcasting] = await db.readTogether((reads) =>
    Promise.all([
      // A file script keeps its file's id as text.
      reads
        .select({ id: scripts.id, title: scripts.title, attachment: scripts.attachment })
        .from(scripts)
        .where(and(isNull(scripts.ownerStaffId), eq(scripts.type, 'file'), mentions(scripts.attachment, `"${fileId}"`))),
      reads
        .select({ id: welcomeMessages.id, title: welcomeMessages.name, attachments: welcomeMessages.attachments })
        .from(welcomeMessages)
        .where(mentions(welcomeMessages.attachments, '"fileId"')),
      // A sent broadcast has uploaded its files already; only those still to go need them.
      reads
        .select({ id: broadcasts.id, title: broadcasts.name, attachments: broadcasts.attachments })
        .from(broadcasts)
        .where(and(inArray(broadcasts.status, ['scheduled', 'sending']), mentions(broadcasts.attachments, '"fileId"'))),
    ]),
  )
  const named = <Row extends { id: number; title: string }>(kind: LibraryUse['kind'], rows: Row[], uses: (row: Row) => boolean) =>
    rows
      .filter(uses)
      .slice(0, PER_KIND)
      .map(({ id, title }) => ({ kind, id, title }))
  return [
    ...named('script', sending, (row) => Number(row.attachment?.fileId) === fileId),
    ...named('welcome_message', welcoming, (row) => attaches(row.attachments, fileId)),
    ...named('broadcast', broadcasting, (row) => attaches(row.attachments, fileId)),
  ]
}
