import fp from 'fastify-plugin'
import { and, count, desc, eq, lt, sql, type SQL } from 'drizzle-orm'
import type {
  MemberLevel,
  CustomerPage,
  CustomerProfile,
  CustomerSummary,
  FollowRelation,
  Gender,
  MeResponse,
} from '@liuliang/shared'
import type { Db, DbOrTx } from '../db'
import { containsText } from '../db/like'
import { customerFollows, customers, liveCodes, staff } from '../db/schema'
import { conflict, forbidden, notFound, unauthorized } from '../errors'
import { recordTimelineEvent } from '../timeline/record'

type CustomerRow = typeof customers.$inferSelect

/** Where a customer stands in the points ledger and on the level ladder. */
export interface MemberStanding {
  balance: number
  growth: number
  level: MemberLevel
  nextLevelAt: number | null
}
type StaffMember = { id: number; isAdmin: boolean }

export interface WecomContactProfile {
  externalUserId: string
  unionid: string | null
  name: string
  avatarUrl: string | null
  gender: Gender
  corpName: string | null
}

export interface ListQuery {
  q?: string
  cursor?: string
  limit?: number
}

/** Value can only move for a customer we know; a 404 otherwise. */
export function ensureCustomerExists(tx: DbOrTx, customerId: number): void {
  if (!tx.select({ id: customers.id }).from(customers).where(eq(customers.id, customerId)).get()) {
    throw notFound('CUSTOMER_NOT_FOUND', '没有找到这位客户')
  }
}

export function toProfile(row: CustomerRow): CustomerProfile {
  return {
    id: row.id,
    name: row.name,
    avatarUrl: row.avatarUrl,
    gender: row.gender,
    isMiniProgramUser: row.openid !== null,
    isWecomContact: row.externalUserId !== null,
    createdAt: row.createdAt.toISOString(),
  }
}

function toSummary(row: CustomerRow): CustomerSummary {
  return {
    id: row.id,
    externalUserId: row.externalUserId,
    name: row.name,
    avatarUrl: row.avatarUrl,
    gender: row.gender,
    isMiniProgramUser: row.openid !== null,
    createdAt: row.createdAt.toISOString(),
  }
}

/** Cursors are the last id of the previous page: lists are newest first by id. */
function pageOf(rows: CustomerRow[], limit: number): CustomerPage {
  const items = rows.slice(0, limit).map(toSummary)
  const last = items.at(-1)
  return { items, nextCursor: rows.length > limit && last ? String(last.id) : null }
}

function listConditions(query: ListQuery): SQL[] {
  const conditions: SQL[] = []
  const before = query.cursor ? Number(query.cursor) : NaN
  if (Number.isInteger(before)) conditions.push(lt(customers.id, before))
  if (query.q) conditions.push(containsText(customers.name, query.q))
  return conditions
}

export function createCustomerService(db: Db) {
  const p = sql.placeholder
  // Prepared once: every sidebar request starts here (the 360 view, its notes, tags and scripts).
  const q = {
    byExternalUserId: db.select().from(customers).where(eq(customers.externalUserId, p('externalUserId'))).prepare(),
    follows: db
      .select({ id: customerFollows.id })
      .from(customerFollows)
      .where(and(eq(customerFollows.customerId, p('customerId')), eq(customerFollows.staffId, p('staffId')), eq(customerFollows.status, 'active')))
      .prepare(),
    followers: db
      .select({ follow: customerFollows, staffUserId: staff.userId, staffName: staff.name, channel: liveCodes.name })
      .from(customerFollows)
      .innerJoin(staff, eq(staff.id, customerFollows.staffId))
      .leftJoin(liveCodes, eq(liveCodes.state, customerFollows.state))
      .where(eq(customerFollows.customerId, p('customerId')))
      .orderBy(customerFollows.firstAddedAt)
      .prepare(),
  }

  const byColumn = (tx: DbOrTx, column: 'openid' | 'unionid' | 'externalUserId', value: string) =>
    tx.select().from(customers).where(eq(customers[column], value)).get()

  const findById = (id: number) => db.select().from(customers).where(eq(customers.id, id)).get()

  const isFollowedBy = (customerId: number, staffId: number): boolean => q.follows.get({ customerId, staffId }) !== undefined

  const followersOf = (customerId: number): FollowRelation[] =>
    q.followers
      .all({ customerId })
      .map(({ follow, staffUserId, staffName, channel }) => ({
        staffUserId,
        staffName,
        status: follow.status,
        addWay: follow.addWay,
        state: follow.state,
        channel,
        firstAddedAt: follow.firstAddedAt.toISOString(),
        endedAt: follow.endedAt?.toISOString() ?? null,
      }))

  const visibleToStaff = (member: StaffMember, externalUserId: string): CustomerRow => {
    const row = q.byExternalUserId.get({ externalUserId })
    if (!row) throw notFound('CUSTOMER_NOT_FOUND', '没有找到这位客户')
    if (!member.isAdmin && !isFollowedBy(row.id, member.id)) {
      throw forbidden('CUSTOMER_NOT_FOLLOWED', '该客户不是你的客户')
    }
    return row
  }

  return {
    isFollowedBy,
    followersOf,

    /** The consumer's own member card, from their standing in the points ledger. */
    describeMember(customerId: number, standing: MemberStanding): MeResponse {
      const row = db.select().from(customers).where(eq(customers.id, customerId)).get()
      if (!row) throw unauthorized('INVALID_TOKEN', '登录已失效，请重新登录')
      const { level } = standing
      return {
        customer: toProfile(row),
        points: { balance: standing.balance },
        level: { code: level.code, name: level.name, orderPointsMultiplier: level.orderPointsMultiplier },
        growth: { value: standing.growth, nextLevelAt: standing.nextLevelAt },
      }
    },

    /** Guides see only the customers they follow; staff with admin rights see everyone. */
    visibleToStaff,

    /**
     * Who marks tags in WeCom for this customer: the guide themself when they follow the customer,
     * otherwise (staff with admin rights) a guide who does, since mark_tag needs a follower.
     */
    taggingTarget(member: StaffMember & { userId: string }, externalUserId: string) {
      const row = visibleToStaff(member, externalUserId)
      const follower = isFollowedBy(row.id, member.id)
        ? member.userId
        : followersOf(row.id).find((f) => f.status === 'active')?.staffUserId
      if (!follower) throw conflict('NO_ACTIVE_FOLLOWER', '这位客户已不在任何导购的好友列表中，无法打标签')
      return { customerId: row.id, externalUserId, staffId: member.id, staffUserId: follower }
    },

    findById,
    /** A customer the console names by id; a 404 when there is none. */
    getById(id: number): CustomerRow {
      const row = findById(id)
      if (!row) throw notFound('CUSTOMER_NOT_FOUND', '没有找到这位客户')
      return row
    },
    findByExternalUserId: (externalUserId: string) => q.byExternalUserId.get({ externalUserId }),

    /**
     * The mini-program identity: one customer per person, found by openid, else by unionid (the
     * person may have reached us first as a WeCom contact), else created.
     */
    linkMiniProgramUser(identity: { openid: string; unionid: string | null }, now = new Date()): CustomerRow {
      return db.transaction((tx) => {
        const known = byColumn(tx, 'openid', identity.openid)
        if (known) {
          // unionid arrives only once the brand binds the open platform; record it when it is free.
          if (!known.unionid && identity.unionid && !byColumn(tx, 'unionid', identity.unionid)) {
            return tx
              .update(customers)
              .set({ unionid: identity.unionid, updatedAt: now })
              .where(eq(customers.id, known.id))
              .returning()
              .get()
          }
          return known
        }
        const contact = identity.unionid ? byColumn(tx, 'unionid', identity.unionid) : undefined
        const row = contact
          ? tx
              .update(customers)
              .set({ openid: identity.openid, mpRegisteredAt: now, updatedAt: now })
              .where(eq(customers.id, contact.id))
              .returning()
              .get()
          : tx
              .insert(customers)
              .values({ ...identity, mpRegisteredAt: now, createdAt: now, updatedAt: now })
              .returning()
              .get()
        recordTimelineEvent(tx, { customerId: row.id, type: 'mp_registered', occurredAt: now })
        return row
      })
    },

    /**
     * The WeCom identity: found by external_userid, else by unionid (the person may already use
     * the mini-program), else created. WeCom's profile (name, avatar) is the one we show.
     */
    linkWecomContact(tx: DbOrTx, contact: WecomContactProfile, now: Date): CustomerRow {
      const existing =
        byColumn(tx, 'externalUserId', contact.externalUserId) ??
        (contact.unionid ? byColumn(tx, 'unionid', contact.unionid) : undefined)
      const profile = {
        externalUserId: contact.externalUserId,
        name: contact.name,
        avatarUrl: contact.avatarUrl,
        gender: contact.gender,
        corpName: contact.corpName,
        updatedAt: now,
      }
      if (existing) {
        return tx
          .update(customers)
          .set({ ...profile, unionid: existing.unionid ?? contact.unionid })
          .where(eq(customers.id, existing.id))
          .returning()
          .get()
      }
      return tx
        .insert(customers)
        .values({ ...profile, unionid: contact.unionid, createdAt: now })
        .returning()
        .get()
    },

    /** Starts (or restarts) a guide's follow; the first add's channel and time are kept for good. */
    startFollow(
      tx: DbOrTx,
      follow: { customerId: number; staffId: number; addWay: number; state: string | null; at: Date },
    ): { readded: boolean } {
      const before = tx
        .select({ id: customerFollows.id })
        .from(customerFollows)
        .where(and(eq(customerFollows.customerId, follow.customerId), eq(customerFollows.staffId, follow.staffId)))
        .get()
      tx.insert(customerFollows)
        .values({
          customerId: follow.customerId,
          staffId: follow.staffId,
          status: 'active',
          addWay: follow.addWay,
          state: follow.state,
          firstAddedAt: follow.at,
          lastAddedAt: follow.at,
        })
        .onConflictDoUpdate({
          target: [customerFollows.customerId, customerFollows.staffId],
          set: { status: 'active', lastAddedAt: follow.at, endedAt: null },
        })
        .run()
      return { readded: before !== undefined }
    },

    /** Ends an active follow; answers false when there was none (already ended or never known). */
    endFollow(
      tx: DbOrTx,
      follow: { customerId: number; staffId: number; status: 'lost' | 'removed'; at: Date },
    ): boolean {
      const ended = tx
        .update(customerFollows)
        .set({ status: follow.status, endedAt: follow.at })
        .where(
          and(
            eq(customerFollows.customerId, follow.customerId),
            eq(customerFollows.staffId, follow.staffId),
            eq(customerFollows.status, 'active'),
          ),
        )
        .run()
      return ended.changes > 0
    },

    /** Every customer, newest first (admins, and staff with admin rights), optionally narrowed further. */
    listAll(query: ListQuery, narrowedBy?: SQL): CustomerPage {
      const limit = query.limit ?? 20
      const rows = db
        .select()
        .from(customers)
        .where(and(...listConditions(query), narrowedBy))
        .orderBy(desc(customers.id))
        .limit(limit + 1)
        .all()
      return pageOf(rows, limit)
    },

    countWhere(condition: SQL | undefined): number {
      return db.select({ n: count() }).from(customers).where(condition).get()?.n ?? 0
    },

    /** The customers a guide currently follows, newest first. */
    listFollowedBy(staffId: number, query: ListQuery): CustomerPage {
      const limit = query.limit ?? 20
      const rows = db
        .select({ customer: customers })
        .from(customerFollows)
        .innerJoin(customers, eq(customers.id, customerFollows.customerId))
        .where(and(eq(customerFollows.staffId, staffId), eq(customerFollows.status, 'active'), ...listConditions(query)))
        .orderBy(desc(customers.id))
        .limit(limit + 1)
        .all()
        .map((r) => r.customer)
      return pageOf(rows, limit)
    },
  }
}

export type CustomerService = ReturnType<typeof createCustomerService>

declare module 'fastify' {
  interface FastifyInstance {
    customers: CustomerService
  }
}

export default fp(
  async (app) => {
    app.decorate('customers', createCustomerService(app.db))
  },
  {
    name: 'customers',
    dependencies: ['db'],
  },
)
