import fp from 'fastify-plugin'
import { and, asc, desc, eq, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm'
import type { CreateFollowUpRequest, CursorQuery, FollowUp, FollowUpPage, Reminder, ReminderListQuery } from '@liuliang/shared'
import type { CustomerService } from '../customers/customer-service'
import { first, prepared, type DbOrTx, type Tx } from '../db'
import { customers, followUps, staff } from '../db/schema'
import { MAX_ID } from '../db/paging'
import { badRequest, notFound } from '../errors'
import { serviceDeps, type ServiceDeps } from '../services'
import { recordTimelineEvent } from '../timeline/record'

type StaffMember = { id: number; isAdmin: boolean }

const DAY_MS = 24 * 3600 * 1000
/** A reminder is for the coming year; a day back is allowed for a guide catching up on a call just made. */
const NEXT_CONTACT_WINDOW = { pastMs: DAY_MS, futureMs: 366 * DAY_MS }

const noteColumns = { followUp: followUps, staffUserId: staff.userId, staffName: staff.name }

function toFollowUp(row: { followUp: typeof followUps.$inferSelect; staffUserId: string; staffName: string }): FollowUp {
  const { followUp } = row
  return {
    id: followUp.id,
    content: followUp.content,
    staffUserId: row.staffUserId,
    staffName: row.staffName,
    nextContactAt: followUp.nextContactAt?.toISOString() ?? null,
    reminderDoneAt: followUp.reminderDoneAt?.toISOString() ?? null,
    createdAt: followUp.createdAt.toISOString(),
  }
}

const isOpenReminder = and(isNotNull(followUps.nextContactAt), isNull(followUps.reminderDoneAt)) as SQL

/** Notes are listed newest first; the cursor is the last id of the previous page. */
function beforeIdCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined
  if (!/^\d{1,15}$/.test(cursor)) throw badRequest('INVALID_CURSOR', '分页参数不正确，请从第一页重新加载')
  return Math.min(Number(cursor), MAX_ID)
}

/** A page of a customer's notes, the first (every 360 view) or one after a cursor; built once each. */
const notesPage = (afterCursor: boolean) =>
  prepared((handle: DbOrTx) =>
    handle
      .select(noteColumns)
      .from(followUps)
      .innerJoin(staff, eq(staff.id, followUps.staffId))
      .where(and(eq(followUps.customerId, sql.placeholder('customerId')), afterCursor ? lt(followUps.id, sql.placeholder('before')) : undefined))
      .orderBy(desc(followUps.id))
      .limit(sql.placeholder('limit')),
  )
const firstNotes = notesPage(false)
const notesBefore = notesPage(true)
const openRemindersOf = prepared((handle: DbOrTx) =>
  handle
    .select(noteColumns)
    .from(followUps)
    .innerJoin(staff, eq(staff.id, followUps.staffId))
    .where(and(eq(followUps.customerId, sql.placeholder('customerId')), eq(followUps.staffId, sql.placeholder('staffId')), isOpenReminder))
    .orderBy(asc(followUps.nextContactAt)),
)

export interface FollowUpDeps extends ServiceDeps {
  customers: CustomerService
}

export function createFollowUpService({ db, now, customers: customerService }: FollowUpDeps) {
  /** Every guide's notes on a customer, newest first. */
  const page = async (customerId: number, query: CursorQuery, tx: DbOrTx = db): Promise<FollowUpPage> => {
    const limit = query.limit ?? 20
    const before = beforeIdCursor(query.cursor)
    const rows =
      before === undefined ? await firstNotes(tx, { customerId, limit: limit + 1 }) : await notesBefore(tx, { customerId, before, limit: limit + 1 })
    const items = rows.slice(0, limit).map(toFollowUp)
    return { items, nextCursor: rows.length > limit ? String(items.at(-1)?.id) : null }
  }

  const findNote = (tx: DbOrTx, id: number) =>
    first(tx.select(noteColumns).from(followUps).innerJoin(staff, eq(staff.id, followUps.staffId)).where(eq(followUps.id, id)))

  return {
    async list(member: StaffMember, externalUserId: string, query: CursorQuery): Promise<FollowUpPage> {
      const { row } = await customerService.readableByStaff(member, externalUserId)
      return page(row.id, query)
    },

    /** The console's read of the same notes, for any customer by id. */
    async listById(customerId: number, query: CursorQuery): Promise<FollowUpPage> {
      return page((await customerService.getById(customerId)).id, query)
    },

    page,

    /** One guide's open reminders on one customer, soonest first. */
    async openReminders(customerId: number, staffId: number, tx: DbOrTx = db): Promise<FollowUp[]> {
      return (await openRemindersOf(tx, { customerId, staffId })).map(toFollowUp)
    },

    /**
     * Adds a note; a next-contact time makes it the guide's reminder. The guide's earlier open
     * reminders on this customer are settled only when they ask: a note need not mean the call they
     * planned happened.
     */
    async add(member: StaffMember, externalUserId: string, input: CreateFollowUpRequest): Promise<FollowUp> {
      const at = now()
      const customer = await customerService.visibleToStaff(member, externalUserId)
      const content = input.content.trim()
      if (content === '') throw badRequest('EMPTY_FOLLOW_UP', '跟进内容不能为空')
      const nextContactAt = input.nextContactAt ? new Date(input.nextContactAt) : null
      if (
        nextContactAt &&
        (nextContactAt.getTime() < at.getTime() - NEXT_CONTACT_WINDOW.pastMs ||
          nextContactAt.getTime() > at.getTime() + NEXT_CONTACT_WINDOW.futureMs)
      ) {
        throw badRequest('INVALID_NEXT_CONTACT', '下次联系时间需在一年之内')
      }
      return db.transaction(async (tx) => {
        if (input.completePreviousReminders) {
          await tx
            .update(followUps)
            .set({ reminderDoneAt: at })
            .where(and(eq(followUps.customerId, customer.id), eq(followUps.staffId, member.id), isOpenReminder))
        }
        const [note] = await tx
          .insert(followUps)
          .values({ customerId: customer.id, staffId: member.id, content, nextContactAt, createdAt: at })
          .returning({ id: followUps.id })
        const noteId = (note as { id: number }).id
        await recordTimelineEvent(tx, {
          customerId: customer.id,
          type: 'follow_up_added',
          staffId: member.id,
          occurredAt: at,
          data: { followUpId: noteId, content: content.slice(0, 100), nextContactAt: nextContactAt?.toISOString() ?? null },
        })
        return toFollowUp((await findNote(tx, noteId)) as Parameters<typeof toFollowUp>[0])
      })
    },

    /** A guide's open reminders across their customers, soonest first. */
    async reminders(staffId: number, query: ReminderListQuery): Promise<Reminder[]> {
      const dueBefore = query.dueBefore ? new Date(query.dueBefore) : null
      const rows = await db
        .select({ followUp: followUps, customer: customers })
        .from(followUps)
        .innerJoin(customers, eq(customers.id, followUps.customerId))
        .where(and(eq(followUps.staffId, staffId), isOpenReminder, dueBefore ? lt(followUps.nextContactAt, dueBefore) : undefined))
        .orderBy(asc(followUps.nextContactAt))
        .limit(query.limit ?? 50)
      return rows.map(({ followUp, customer }) => ({
        followUpId: followUp.id,
        content: followUp.content,
        nextContactAt: (followUp.nextContactAt as Date).toISOString(),
        createdAt: followUp.createdAt.toISOString(),
        customer: { externalUserId: customer.externalUserId, name: customer.name, avatarUrl: customer.avatarUrl },
      }))
    },

    /**
     * A customer handed to another guide: each open reminder of the old guide on them goes to the new
     * guide as a note of their own naming where it came from; the old one is settled. Notes stay with
     * their authors and are read by whoever follows the customer.
     */
    async handOver(tx: Tx, handOver: { customerId: number; fromStaffId: number; toStaffId: number; at: Date }): Promise<void> {
      const open = await tx
        .select(noteColumns)
        .from(followUps)
        .innerJoin(staff, eq(staff.id, followUps.staffId))
        .where(and(eq(followUps.customerId, handOver.customerId), eq(followUps.staffId, handOver.fromStaffId), isOpenReminder))
      if (open.length === 0) return
      await tx.insert(followUps).values(
        open.map(({ followUp, staffName }) => ({
          customerId: handOver.customerId,
          staffId: handOver.toStaffId,
          content: `【${staffName}转交】${followUp.content}`,
          nextContactAt: followUp.nextContactAt,
          createdAt: handOver.at,
        })),
      )
      await tx
        .update(followUps)
        .set({ reminderDoneAt: handOver.at })
        .where(and(eq(followUps.customerId, handOver.customerId), eq(followUps.staffId, handOver.fromStaffId), isOpenReminder))
    },

    /** Marks the guide's own reminder done; doing it again changes nothing. */
    async completeReminder(staffId: number, followUpId: number): Promise<FollowUp> {
      const at = now()
      return db.transaction(async (tx) => {
        await tx
          .update(followUps)
          .set({ reminderDoneAt: at })
          .where(and(eq(followUps.id, followUpId), eq(followUps.staffId, staffId), isOpenReminder))
        const note = await findNote(tx, followUpId)
        if (!note || note.followUp.staffId !== staffId || note.followUp.nextContactAt === null) {
          throw notFound('REMINDER_NOT_FOUND', '没有找到这条跟进提醒')
        }
        return toFollowUp(note)
      })
    },
  }
}

export type FollowUpService = ReturnType<typeof createFollowUpService>

declare module 'fastify' {
  interface FastifyInstance {
    followUps: FollowUpService
  }
}

export default fp(
  async (app) => {
    app.decorate('followUps', createFollowUpService({ ...serviceDeps(app), customers: app.customers }))
  },
  { name: 'follow-ups', dependencies: ['db', 'clock', 'customers'] },
)
