import fp from 'fastify-plugin'
import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import type {
  MemberLevel,
  CustomerPage,
  CustomerProfile,
  CustomerSummary,
  FollowRelation,
  Gender,
  MeResponse,
} from '@liuliang/shared'
import { first, forUpdate, prepared, rowsChanged, type DbOrTx, type Tx } from '../db'
import { containsText } from '../db/like'
import { cursorBefore } from '../db/paging'
import { customerFollows, customers, liveCodes, staff } from '../db/schema'
import type { DepartmentService } from '../departments/department-service'
import { conflict, forbidden, notFound, unauthorized } from '../errors'
import { serviceDeps, type ServiceDeps } from '../services'
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
export async function ensureCustomerExists(tx: DbOrTx, customerId: number): Promise<void> {
  if (!(await first(tx.select({ id: customers.id }).from(customers).where(eq(customers.id, customerId))))) {
    throw notFound('CUSTOMER_NOT_FOUND', '没有找到这位客户')
  }
}

// Read on every request (a consumer's session check, a guide opening a customer): built once, run with values.
const customerById = prepared((handle: DbOrTx) => handle.select().from(customers).where(eq(customers.id, sql.placeholder('id'))))
type Identity = 'openid' | 'unionid' | 'externalUserId'
const customerBy = (column: Identity) => prepared((handle: DbOrTx) => handle.select().from(customers).where(eq(customers[column], sql.placeholder('value'))))
const customerByColumn: Record<Identity, ReturnType<typeof customerBy>> = {
  openid: customerBy('openid'),
  unionid: customerBy('unionid'),
  externalUserId: customerBy('externalUserId'),
}
const activeFollow = prepared((handle: DbOrTx) =>
  handle
    .select({ id: customerFollows.id })
    .from(customerFollows)
    .where(
      and(
        eq(customerFollows.customerId, sql.placeholder('customerId')),
        eq(customerFollows.staffId, sql.placeholder('staffId')),
        eq(customerFollows.status, 'active'),
      ),
    ),
)
const followsOfCustomer = prepared((handle: DbOrTx) =>
  handle
    .select({ follow: customerFollows, staffUserId: staff.userId, staffName: staff.name, channel: liveCodes.name })
    .from(customerFollows)
    .innerJoin(staff, eq(staff.id, customerFollows.staffId))
    .leftJoin(liveCodes, eq(liveCodes.state, customerFollows.state))
    .where(eq(customerFollows.customerId, sql.placeholder('customerId')))
    .orderBy(customerFollows.firstAddedAt),
)

const lockCustomerRow = prepared((tx: Tx) => forUpdate(tx.select({ id: customers.id }).from(customers).where(eq(customers.id, sql.placeholder('id')))))

/**
 * Opens a unit of work that moves a customer's value: it holds the customer's row until the unit
 * ends, so two of their requests that count what they did before (draws, redemptions, make-ups)
 * take turns instead of both counting the same past. 404 when there is no such customer.
 */
export async function lockCustomer(tx: Tx, customerId: number): Promise<void> {
  if (!(await first(lockCustomerRow(tx, { id: customerId })))) {
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
  const before = cursorBefore(customers.id, query.cursor)
  if (before) conditions.push(before)
  if (query.q) conditions.push(containsText(customers.name, query.q))
  return conditions
}

export interface CustomerDeps extends ServiceDeps {
  /** The staff a department leader's team holds (departments/department-service.ts) */
  teamOf: DepartmentService['teamOf']
}

/** A team member who follows the customer a department leader opened. */
export interface TeamFollower {
  userId: string
  name: string
}

export function createCustomerService({ db, now, teamOf }: CustomerDeps) {
  const byColumn = (tx: DbOrTx, column: Identity, value: string) => first(customerByColumn[column](tx, { value }))

  const findById = (id: number, handle: DbOrTx = db) => first(customerById(handle, { id }))

  const findByExternalUserId = (externalUserId: string) => byColumn(db, 'externalUserId', externalUserId)

  const isFollowedBy = async (customerId: number, staffId: number): Promise<boolean> =>
    (await first(activeFollow(db, { customerId, staffId }))) !== undefined

  const followersOf = async (customerId: number, tx: DbOrTx = db): Promise<FollowRelation[]> => {
    const rows = await followsOfCustomer(tx, { customerId })
    return rows.map(({ follow, staffUserId, staffName, channel }) => ({
      staffUserId,
      staffName,
      status: follow.status,
      addWay: follow.addWay,
      state: follow.state,
      channel,
      firstAddedAt: follow.firstAddedAt.toISOString(),
      endedAt: follow.endedAt?.toISOString() ?? null,
    }))
  }

  const existing = async (externalUserId: string): Promise<CustomerRow> => {
    const row = await findByExternalUserId(externalUserId)
    if (!row) throw notFound('CUSTOMER_NOT_FOUND', '没有找到这位客户')
    return row
  }
  const notFollowed = () => forbidden('CUSTOMER_NOT_FOLLOWED', '该客户不是你的客户')

  const visibleToStaff = async (member: StaffMember, externalUserId: string): Promise<CustomerRow> => {
    const row = await existing(externalUserId)
    if (!member.isAdmin && !(await isFollowedBy(row.id, member.id))) throw notFollowed()
    return row
  }

  /** The first active follower of the customer among these staff, earliest added first. */
  const followerAmong = async (customerId: number, staffIds: number[]): Promise<TeamFollower | undefined> =>
    first(
      db
        .select({ userId: staff.userId, name: staff.name })
        .from(customerFollows)
        .innerJoin(staff, eq(staff.id, customerFollows.staffId))
        .where(and(eq(customerFollows.customerId, customerId), eq(customerFollows.status, 'active'), inArray(customerFollows.staffId, staffIds)))
        .orderBy(asc(customerFollows.firstAddedAt), asc(customerFollows.id))
        .limit(1),
    )

  /**
   * What a guide may read (360 view, timeline, notes, orders) but not change: their own customers (everyone's, with
   * admin rights), and a department leader also those an active member of their team follows, `teamMember` naming
   * that member. Writes keep to visibleToStaff.
   */
  const readableByStaff = async (member: StaffMember, externalUserId: string): Promise<{ row: CustomerRow; teamMember: TeamFollower | null }> => {
    const row = await existing(externalUserId)
    if (member.isAdmin || (await isFollowedBy(row.id, member.id))) return { row, teamMember: null }
    const team = await teamOf(member.id)
    const teamMember = team.length > 0 ? await followerAmong(row.id, team) : undefined
    if (!teamMember) throw notFollowed()
    return { row, teamMember }
  }

  return {
    isFollowedBy,
    followersOf,

    /** The consumer's own member card, from their standing in the points ledger. */
    async describeMember(customerId: number, standing: MemberStanding): Promise<MeResponse> {
      const row = await findById(customerId)
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
    readableByStaff,

    /**
     * Who marks tags in WeCom for this customer: the guide themself when they follow the customer,
     * otherwise (staff with admin rights) a guide who does, since mark_tag needs a follower.
     */
    async taggingTarget(member: StaffMember & { userId: string }, externalUserId: string) {
      const row = await visibleToStaff(member, externalUserId)
      const follower = (await isFollowedBy(row.id, member.id))
        ? member.userId
        : (await followersOf(row.id)).find((f) => f.status === 'active')?.staffUserId
      if (!follower) throw conflict('NO_ACTIVE_FOLLOWER', '这位客户已不在任何导购的好友列表中，无法打标签')
      return { customerId: row.id, externalUserId, staffId: member.id, staffUserId: follower }
    },

    findById,
    /** A customer the console names by id; a 404 when there is none. */
    async getById(id: number): Promise<CustomerRow> {
      const row = await findById(id)
      if (!row) throw notFound('CUSTOMER_NOT_FOUND', '没有找到这位客户')
      return row
    },
    findByExternalUserId,

    /**
     * The mini-program identity: one customer per person, found by openid, else by unionid (the
     * person may have reached us first as a WeCom contact), else created.
     */
    async linkMiniProgramUser(identity: { openid: string; unionid: string | null }): Promise<CustomerRow> {
      const at = now()
      return db.transaction(async (tx) => {
        const known = await byColumn(tx, 'openid', identity.openid)
        if (known) {
          // unionid arrives only once the brand binds the open platform; record it when it is free.
          if (!known.unionid && identity.unionid && !(await byColumn(tx, 'unionid', identity.unionid))) {
            const [updated] = await tx
              .update(customers)
              .set({ unionid: identity.unionid, updatedAt: at })
              .where(eq(customers.id, known.id))
              .returning()
            return updated as CustomerRow
          }
          return known
        }
        const contact = identity.unionid ? await byColumn(tx, 'unionid', identity.unionid) : undefined
        const [row] = contact
          ? await tx
              .update(customers)
              .set({ openid: identity.openid, mpRegisteredAt: at, updatedAt: at })
              .where(eq(customers.id, contact.id))
              .returning()
          : await tx
              .insert(customers)
              .values({ ...identity, mpRegisteredAt: at, createdAt: at, updatedAt: at })
              .returning()
        const linked = row as CustomerRow
        await recordTimelineEvent(tx, { customerId: linked.id, type: 'mp_registered', occurredAt: at })
        return linked
      })
    },

    /**
     * The WeCom identity: found by external_userid, else by unionid (the person may already use
     * the mini-program), else created. WeCom's profile (name, avatar) is the one we show.
     */
    async linkWecomContact(tx: Tx, contact: WecomContactProfile, at: Date): Promise<CustomerRow> {
      const existing =
        (await byColumn(tx, 'externalUserId', contact.externalUserId)) ??
        (contact.unionid ? await byColumn(tx, 'unionid', contact.unionid) : undefined)
      const profile = {
        externalUserId: contact.externalUserId,
        name: contact.name,
        avatarUrl: contact.avatarUrl,
        gender: contact.gender,
        corpName: contact.corpName,
        updatedAt: at,
      }
      const [row] = existing
        ? await tx
            .update(customers)
            .set({ ...profile, unionid: existing.unionid ?? contact.unionid })
            .where(eq(customers.id, existing.id))
            .returning()
        : await tx
            .insert(customers)
            .values({ ...profile, unionid: contact.unionid, createdAt: at })
            .returning()
      return row as CustomerRow
    },

    /** Starts (or restarts) a guide's follow; the first add's channel and time are kept for good. */
    async startFollow(
      tx: Tx,
      follow: { customerId: number; staffId: number; addWay: number; state: string | null; at: Date },
    ): Promise<{ readded: boolean }> {
      const before = await first(
        tx
          .select({ id: customerFollows.id })
          .from(customerFollows)
          .where(and(eq(customerFollows.customerId, follow.customerId), eq(customerFollows.staffId, follow.staffId))),
      )
      await tx
        .insert(customerFollows)
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
      return { readded: before !== undefined }
    },

    /** Ends an active follow; answers false when there was none (already ended or never known). */
    async endFollow(
      tx: Tx,
      follow: { customerId: number; staffId: number; status: 'lost' | 'removed'; at: Date },
    ): Promise<boolean> {
      const ended = await tx
        .update(customerFollows)
        .set({ status: follow.status, endedAt: follow.at })
        .where(
          and(
            eq(customerFollows.customerId, follow.customerId),
            eq(customerFollows.staffId, follow.staffId),
            eq(customerFollows.status, 'active'),
          ),
        )
      return rowsChanged(ended) > 0
    },

    /**
     * Every customer, newest first (admins, and staff with admin rights), optionally narrowed further;
     * `indexed` says an index finds the narrowed customers at once (a phone), so no long read is needed.
     */
    async listAll(query: ListQuery, narrowedBy?: SQL, { indexed = false } = {}): Promise<CustomerPage> {
      const limit = query.limit ?? 20
      const where = and(...listConditions(query), narrowedBy)
      if (!query.q && (!narrowedBy || indexed)) return pageOf(await db.select().from(customers).where(where).orderBy(desc(customers.id)).limit(limit + 1), limit)
      // A name searched for, or an audience's filter, is met by reading customers newest first until the
      // page is full: every customer for a rare one (a name: 100-600 ms at a million). The page's ids are
      // found apart from the requests' thread, and its customers then read by id.
      const found = await db.readApart<{ id: number }>(
        db.select({ id: customers.id }).from(customers).where(where).orderBy(desc(customers.id)).limit(limit + 1).getSQL(),
      )
      const ids = found.map((row) => Number(row.id))
      const rows = ids.length === 0 ? [] : await db.select().from(customers).where(inArray(customers.id, ids)).orderBy(desc(customers.id))
      return pageOf(rows, limit)
    },

    /** Counting reads every customer the condition leaves: a long read, apart from the requests' thread. */
    async countWhere(condition: SQL | undefined): Promise<number> {
      const [row] = await db.readApart<{ n: number | string }>(db.select({ n: count().as('n') }).from(customers).where(condition).getSQL())
      return Number(row?.n ?? 0)
    },

    /** The customers any of these guides currently follow (a guide, or a leader's team), each once, newest first. */
    async listFollowedBy(staffIds: number[], query: ListQuery): Promise<CustomerPage> {
      const limit = query.limit ?? 20
      const followed = db
        .select({ id: customerFollows.customerId })
        .from(customerFollows)
        .where(and(inArray(customerFollows.staffId, staffIds), eq(customerFollows.status, 'active')))
      const rows = await db
        .select()
        .from(customers)
        .where(and(inArray(customers.id, followed), ...listConditions(query)))
        .orderBy(desc(customers.id))
        .limit(limit + 1)
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
    app.decorate('customers', createCustomerService({ ...serviceDeps(app), teamOf: (staffId) => app.departments.teamOf(staffId) }))
  },
  {
    name: 'customers',
    dependencies: ['db', 'clock', 'departments'],
  },
)
