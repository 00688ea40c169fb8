import fp from 'fastify-plugin'
import { eq } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { lifecycleStage, maskPhone } from '@liuliang/shared'
import type {
  Customer360,
  Customer360Profile,
  CursorQuery,
  PlaceholderValues,
  TimelinePage,
  UpdateCustomerProfileRequest,
} from '@liuliang/shared'
import { customers } from '../db/schema'
import { badRequest } from '../errors'
import { recordTimelineEvent } from '../timeline/record'
import { createTimelinePages } from '../timeline/timeline-page'
import { createPhoneCipher } from './phone-cipher'
import { createSectionRegistry, type CustomerRow } from './section-registry'

type StaffMember = { id: number; isAdmin: boolean }

/** The first screen shows this many notes and timeline items; the rest page in on demand. */
const FIRST_PAGE = { followUps: 10, timeline: 20 }

export function createCustomer360Service(app: FastifyInstance, options: { phoneSecret: string }) {
  const { db } = app
  const phoneCipher = createPhoneCipher(options.phoneSecret)
  const sections = createSectionRegistry()
  const timelinePage = createTimelinePages(db)

  const toProfile = (row: CustomerRow): Customer360Profile => {
    const phone = row.phoneEncrypted ? phoneCipher.decrypt(row.phoneEncrypted) : null
    return {
      id: row.id,
      externalUserId: row.externalUserId,
      name: row.name,
      avatarUrl: row.avatarUrl,
      remark: row.remark,
      gender: row.gender,
      city: row.city,
      phoneMasked: phone ? maskPhone(phone) : null,
      birthday: row.birthday,
      corpName: row.corpName,
      isMiniProgramUser: row.openid !== null,
      isWecomContact: row.externalUserId !== null,
      mpRegisteredAt: row.mpRegisteredAt?.toISOString() ?? null,
      createdAt: row.createdAt.toISOString(),
    }
  }

  /** Read in one transaction so it is consistent; `reminderStaffId` is the viewing guide, whose open reminders it lists. */
  const build = (row: CustomerRow, reminderStaffId: number | null, now: Date): Customer360 =>
    db.transaction((tx) => {
      const followers = app.customers.followersOf(row.id)
      const built = sections.buildAll(tx, row, now)
      const orders = built.orders
      const stage = lifecycleStage({
        since: row.createdAt,
        everFollowed: followers.length > 0,
        activeFollowers: followers.filter((f) => f.status === 'active').length,
        orders: orders
          ? { count: orders.count, lastPurchasedAt: orders.lastPurchasedAt ? new Date(orders.lastPurchasedAt) : null }
          : null,
        now,
      })
      return {
        profile: toProfile(row),
        tags: app.tags.ofCustomer(row.id),
        lifecycle: { stage },
        followers,
        followUps: app.followUps.page(row.id, { limit: FIRST_PAGE.followUps }),
        myReminders: reminderStaffId === null ? [] : app.followUps.openReminders(row.id, reminderStaffId),
        timeline: timelinePage(row.id, { limit: FIRST_PAGE.timeline }),
        sections: built,
      }
    })

  return {
    /** Where other domains plug their sections in; see section-registry.ts. */
    registerSection: sections.register,

    /** Everything about one customer for the guide in the chat, with that guide's own reminders on them. */
    view(member: StaffMember, externalUserId: string, now = new Date()): Customer360 {
      const row = app.customers.visibleToStaff(member, externalUserId)
      return build(row, member.id, now)
    },

    /** The same view for the console: any customer by id, mini-program-only ones too; an admin has no reminders. */
    viewById(customerId: number, now = new Date()): Customer360 {
      return build(app.customers.getById(customerId), null, now)
    },

    timeline(member: StaffMember, externalUserId: string, query: CursorQuery): TimelinePage {
      const row = app.customers.visibleToStaff(member, externalUserId)
      return timelinePage(row.id, query)
    },

    timelineById(customerId: number, query: CursorQuery): TimelinePage {
      return timelinePage(app.customers.getById(customerId).id, query)
    },

    /** Remark, city, birthday and phone as guides keep them; null clears a field. */
    updateProfile(
      member: StaffMember,
      externalUserId: string,
      change: UpdateCustomerProfileRequest,
      now = new Date(),
    ): Customer360Profile {
      const row = app.customers.visibleToStaff(member, externalUserId)
      const text = (value: string | null | undefined) => (value === undefined ? undefined : value?.trim() || null)
      if (change.birthday && (change.birthday < '1900-01-01' || new Date(change.birthday).getTime() > now.getTime())) {
        throw badRequest('INVALID_BIRTHDAY', '生日不能晚于今天')
      }
      const set = {
        remark: text(change.remark),
        city: text(change.city),
        birthday: change.birthday,
        phoneEncrypted: change.phone === undefined ? undefined : change.phone && phoneCipher.encrypt(change.phone),
      }
      // The timeline says what changed, never the values (a phone number does not belong in a log).
      const fields = Object.keys(change).filter((key) => change[key as keyof typeof change] !== undefined)
      return db.transaction((tx) => {
        const updated = tx
          .update(customers)
          .set({ ...set, updatedAt: now })
          .where(eq(customers.id, row.id))
          .returning()
          .get()
        recordTimelineEvent(tx, { customerId: row.id, type: 'profile_updated', staffId: member.id, occurredAt: now, data: { fields } })
        return toProfile(updated)
      })
    },

    /** What `{{…}}` in a script becomes for this customer; level and points come from the membership section. */
    placeholderValues(member: { name: string }, customer: CustomerRow, now = new Date()): PlaceholderValues {
      const membership = sections.build('membership', db, customer, now)
      return {
        customerName: customer.name,
        staffName: member.name,
        level: membership?.level.name ?? null,
        points: membership?.points.balance ?? null,
      }
    },
  }
}

export type Customer360Service = ReturnType<typeof createCustomer360Service>

declare module 'fastify' {
  interface FastifyInstance {
    customer360: Customer360Service
  }
}

export default fp(
  async (app, options: { phoneSecret: string }) => {
    app.decorate('customer360', createCustomer360Service(app, options))
  },
  { name: 'customer-360', dependencies: ['db', 'customers', 'tags', 'follow-ups'] },
)
