import fp from 'fastify-plugin'
import { and, eq, isNotNull, isNull } from 'drizzle-orm'
import { lifecycleStage, maskPhone } from '@liuliang/shared'
import type {
  Customer360,
  Customer360Profile,
  CursorQuery,
  CustomerMatches,
  PlaceholderValues,
  TimelinePage,
  UpdateCustomerProfileRequest,
} from '@liuliang/shared'
import type { CustomerService, TeamFollower } from '../customers/customer-service'
import { customers } from '../db/schema'
import { badRequest } from '../errors'
import type { FollowUpService } from '../follow-ups/follow-up-service'
import { serviceDeps, type ServiceDeps } from '../services'
import type { TagService } from '../tags/tag-service'
import { recordTimelineEvent } from '../timeline/record'
import { timelinePage } from '../timeline/timeline-page'
import { createPhoneCipher } from './phone-cipher'
import { createSectionRegistry, type CustomerRow } from './section-registry'

type StaffMember = { id: number; isAdmin: boolean }

/** The first screen shows this many notes and timeline items; the rest page in on demand. */
const FIRST_PAGE = { followUps: 10, timeline: 20 }

export interface Customer360Deps extends ServiceDeps {
  phoneSecret: string
  customers: CustomerService
  tags: TagService
  followUps: FollowUpService
}

export function createCustomer360Service({ db, now, phoneSecret, customers: customerService, tags, followUps }: Customer360Deps) {
  const phoneCipher = createPhoneCipher(phoneSecret)
  const sections = createSectionRegistry()

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

  /**
   * Read outside any unit of work, so a guide opening a customer never waits behind the writes in
   * line; each section sees what had committed when it ran. `reminderStaffId` is the viewing guide,
   * whose open reminders it lists.
   */
  const build = async (row: CustomerRow, reminderStaffId: number | null, at: Date, teamMember: TeamFollower | null = null): Promise<Customer360> => {
    // Read together: on PostgreSQL the view's statements go down one connection at once.
    const [followers, built, customerTags, followUpPage, myReminders, timeline] = await db.readTogether((reads) =>
      Promise.all([
        customerService.followersOf(row.id, reads),
        sections.buildAll(reads, row, at),
        tags.ofCustomer(row.id, reads),
        followUps.page(row.id, { limit: FIRST_PAGE.followUps }, reads),
        reminderStaffId === null ? [] : followUps.openReminders(row.id, reminderStaffId, reads),
        timelinePage(reads, row.id, { limit: FIRST_PAGE.timeline }),
      ]),
    )
    const orders = built.orders
    const stage = lifecycleStage({
      since: row.createdAt,
      everFollowed: followers.length > 0,
      activeFollowers: followers.filter((f) => f.status === 'active').length,
      orders: orders
        ? { count: orders.count, lastPurchasedAt: orders.lastPurchasedAt ? new Date(orders.lastPurchasedAt) : null }
        : null,
      now: at,
    })
    return {
      profile: toProfile(row),
      tags: customerTags,
      lifecycle: { stage },
      followers,
      followUps: followUpPage,
      myReminders,
      timeline,
      sections: built,
      teamMember,
    }
  }

  return {
    /** Where other domains plug their sections in; see section-registry.ts. */
    registerSection: sections.register,

    /**
     * Everything about one customer for the guide in the chat, with that guide's own reminders on them; a department
     * leader also reads their team's customers, the view naming the team member who follows them.
     */
    async view(member: StaffMember, externalUserId: string): Promise<Customer360> {
      const at = now()
      const { row, teamMember } = await customerService.readableByStaff(member, externalUserId)
      return build(row, member.id, at, teamMember)
    },

    /** The same view for the console: any customer by id, mini-program-only ones too; an admin has no reminders. */
    async viewById(customerId: number): Promise<Customer360> {
      const at = now()
      return build(await customerService.getById(customerId), null, at)
    },

    async timeline(member: StaffMember, externalUserId: string, query: CursorQuery): Promise<TimelinePage> {
      const { row } = await customerService.readableByStaff(member, externalUserId)
      return timelinePage(db, row.id, query)
    },

    async timelineById(customerId: number, query: CursorQuery): Promise<TimelinePage> {
      return timelinePage(db, (await customerService.getById(customerId)).id, query)
    },

    /** Remark, city, birthday and phone as guides keep them; null clears a field. */
    async updateProfile(member: StaffMember, externalUserId: string, change: UpdateCustomerProfileRequest): Promise<Customer360Profile> {
      const at = now()
      const row = await customerService.visibleToStaff(member, externalUserId)
      const text = (value: string | null | undefined) => (value === undefined ? undefined : value?.trim() || null)
      if (change.birthday && (change.birthday < '1900-01-01' || new Date(change.birthday).getTime() > at.getTime())) {
        throw badRequest('INVALID_BIRTHDAY', '生日不能晚于今天')
      }
      const set = {
        remark: text(change.remark),
        city: text(change.city),
        birthday: change.birthday,
        phoneEncrypted: change.phone === undefined ? undefined : change.phone && phoneCipher.encrypt(change.phone),
        phoneLookup: change.phone === undefined ? undefined : change.phone && phoneCipher.lookup(change.phone),
      }
      // The timeline says what changed, never the values (a phone number does not belong in a log).
      const fields = Object.keys(change).filter((key) => change[key as keyof typeof change] !== undefined)
      return db.transaction(async (tx) => {
        const [updated] = await tx
          .update(customers)
          .set({ ...set, updatedAt: at })
          .where(eq(customers.id, row.id))
          .returning()
        await recordTimelineEvent(tx, { customerId: row.id, type: 'profile_updated', staffId: member.id, occurredAt: at, data: { fields } })
        return toProfile(updated as CustomerRow)
      })
    },

    /** The customers whose phone, as guides saved it, is this number: for the console's customer search. */
    async findByPhone(phone: string): Promise<CustomerMatches> {
      const { items } = await customerService.listAll({ limit: 20 }, eq(customers.phoneLookup, phoneCipher.lookup(phone)), { indexed: true })
      return { items }
    },

    /** Numbers saved before lookups existed get theirs, a batch at a time; a number that no longer decrypts gets none. */
    async backfillPhoneLookups(batch = 500): Promise<void> {
      for (;;) {
        const rows = await db
          .select({ id: customers.id, phoneEncrypted: customers.phoneEncrypted })
          .from(customers)
          .where(and(isNotNull(customers.phoneEncrypted), isNull(customers.phoneLookup)))
          .limit(batch)
        if (rows.length === 0) return
        await db.transaction(async (tx) => {
          for (const row of rows) {
            const phone = phoneCipher.decrypt(row.phoneEncrypted as string)
            // An unreadable number gets an empty lookup, which no search matches, so the next pass skips it.
            await tx.update(customers).set({ phoneLookup: phone ? phoneCipher.lookup(phone) : '' }).where(eq(customers.id, row.id))
          }
        })
      }
    },

    /** What `{{…}}` in a script becomes for this customer; level and points come from the membership section. */
    async placeholderValues(member: { name: string }, customer: CustomerRow, at = now()): Promise<PlaceholderValues> {
      const membership = await sections.build('membership', db, customer, at)
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
    app.decorate(
      'customer360',
      createCustomer360Service({
        ...serviceDeps(app),
        phoneSecret: options.phoneSecret,
        customers: app.customers,
        tags: app.tags,
        followUps: app.followUps,
      }),
    )
    app.addHook('onReady', () => app.customer360.backfillPhoneLookups())
  },
  { name: 'customer-360', dependencies: ['db', 'clock', 'customers', 'tags', 'follow-ups'] },
)
