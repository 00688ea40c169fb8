import fp from 'fastify-plugin'
import { and, asc, desc, eq, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import type { CreateFollowUpRequest, CursorQuery, FollowUp, FollowUpPage, Reminder, ReminderListQuery } from '@liuliang/shared'
import type { DbOrTx } from '../db'
import { customers, followUps, staff } from '../db/schema'
import { badRequest, notFound } from '../errors'
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
function parseIdCursor(cursor: string | undefined): number {
  if (cursor === undefined) return Number.MAX_SAFE_INTEGER
  if (!/^\d{1,15}$/.test(cursor)) throw badRequest('INVALID_CURSOR', '分页参数不正确，请从第一页重新加载')
  return Number(cursor)
}

export function createFollowUpService(app: FastifyInstance) {
  const { db } = app
  const p = sql.placeholder
  // Prepared once: the 360 view shows the first notes and the guide's reminders every time.
  const q = {
    page: db
      .select(noteColumns)
      .from(followUps)
      .innerJoin(staff, eq(staff.id, followUps.staffId))
      .where(and(eq(followUps.customerId, p('customerId')), lt(followUps.id, p('before'))))
      .orderBy(desc(followUps.id))
      .limit(p('limit'))
      .prepare(),
    openReminders: db
      .select(noteColumns)
      .from(followUps)
      .innerJoin(staff, eq(staff.id, followUps.staffId))
      .where(and(eq(followUps.customerId, p('customerId')), eq(followUps.staffId, p('staffId')), isOpenReminder))
      .orderBy(asc(followUps.nextContactAt))
      .prepare(),
  }

  /** Every guide's notes on a customer, newest first. */
  const page = (customerId: number, query: CursorQuery): FollowUpPage => {
    const limit = query.limit ?? 20
    const rows = q.page.all({ customerId, before: parseIdCursor(query.cursor), limit: limit + 1 })
    const items = rows.slice(0, limit).map(toFollowUp)
    return { items, nextCursor: rows.length > limit ? String(items.at(-1)?.id) : null }
  }

  const findNote = (tx: DbOrTx, id: number) =>
    tx.select(noteColumns).from(followUps).innerJoin(staff, eq(staff.id, followUps.staffId)).where(eq(followUps.id, id)).get()

  return {
    list(member: StaffMember, externalUserId: string, query: CursorQuery): FollowUpPage {
      const customer = app.customers.visibleToStaff(member, externalUserId)
      return page(customer.id, query)
    },

    /** The console's read of the same notes, for any customer by id. */
    listById(customerId: number, query: CursorQuery): FollowUpPage {
      return page(app.customers.getById(customerId).id, query)
    },

    page,

    /** One guide's open reminders on one customer, soonest first. */
    openReminders: (customerId: number, staffId: number): FollowUp[] => q.openReminders.all({ customerId, staffId }).map(toFollowUp),

    /**
     * Adds a note; a next-contact time makes it the guide's reminder. A new note from the same guide
     * means they were in touch, so it settles their earlier open reminders on this customer.
     */
    add(member: StaffMember, externalUserId: string, input: CreateFollowUpRequest, now = new Date()): FollowUp {
      const customer = app.customers.visibleToStaff(member, externalUserId)
      const content = input.content.trim()
      if (content === '') throw badRequest('EMPTY_FOLLOW_UP', '跟进内容不能为空')
      const nextContactAt = input.nextContactAt ? new Date(input.nextContactAt) : null
      if (
        nextContactAt &&
        (nextContactAt.getTime() < now.getTime() - NEXT_CONTACT_WINDOW.pastMs ||
          nextContactAt.getTime() > now.getTime() + NEXT_CONTACT_WINDOW.futureMs)
      ) {
        throw badRequest('INVALID_NEXT_CONTACT', '下次联系时间需在一年之内')
      }
      return db.transaction((tx) => {
        tx.update(followUps)
          .set({ reminderDoneAt: now })
          .where(and(eq(followUps.customerId, customer.id), eq(followUps.staffId, member.id), isOpenReminder))
          .run()
        const note = tx
          .insert(followUps)
          .values({ customerId: customer.id, staffId: member.id, content, nextContactAt, createdAt: now })
          .returning()
          .get()
        recordTimelineEvent(tx, {
          customerId: customer.id,
          type: 'follow_up_added',
          staffId: member.id,
          occurredAt: now,
          data: { followUpId: note.id, content: content.slice(0, 100), nextContactAt: nextContactAt?.toISOString() ?? null },
        })
        return toFollowUp(findNote(tx, note.id) as Parameters<typeof toFollowUp>[0])
      })
    },

    /** A guide's open reminders across their customers, soonest first. */
    reminders(staffId: number, query: ReminderListQuery): Reminder[] {
      const dueBefore = query.dueBefore ? new Date(query.dueBefore) : null
      return db
        .select({ followUp: followUps, customer: customers })
        .from(followUps)
        .innerJoin(customers, eq(customers.id, followUps.customerId))
        .where(and(eq(followUps.staffId, staffId), isOpenReminder, dueBefore ? lt(followUps.nextContactAt, dueBefore) : undefined))
        .orderBy(asc(followUps.nextContactAt))
        .limit(query.limit ?? 50)
        .all()
        .map(({ followUp, customer }) => ({
          followUpId: followUp.id,
          content: followUp.content,
          nextContactAt: (followUp.nextContactAt as Date).toISOString(),
          createdAt: followUp.createdAt.toISOString(),
          customer: { externalUserId: customer.externalUserId, name: customer.name, avatarUrl: customer.avatarUrl },
        }))
    },

    /** Marks the guide's own reminder done; doing it again changes nothing. */
    completeReminder(staffId: number, followUpId: number, now = new Date()): FollowUp {
      return db.transaction((tx) => {
        tx.update(followUps)
          .set({ reminderDoneAt: now })
          .where(and(eq(followUps.id, followUpId), eq(followUps.staffId, staffId), isOpenReminder))
          .run()
        const note = findNote(tx, followUpId)
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
    app.decorate('followUps', createFollowUpService(app))
  },
  { name: 'follow-ups', dependencies: ['db', 'customers'] },
)
