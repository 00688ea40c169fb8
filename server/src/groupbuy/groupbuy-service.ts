import fp from 'fastify-plugin'
import { reportActivity } from '../tags/tag-rules'
import { and, asc, count, desc, eq, gt, inArray, ne, sql, type Placeholder, type SQL } from 'drizzle-orm'
import type {
  AdminGroupbuyCampaign,
  CreateGroupbuyRequest,
  CursorQuery,
  GroupOrderResponse,
  GroupView,
  GroupViewPage,
  GroupbuyCampaign,
  GroupbuyDetail,
  UpdateGroupbuyRequest,
} from '@liuliang/shared'
import { groupPriceProblem, groupStockProblem } from '@liuliang/shared'
import { first, forUpdate, isCheckViolation, placeholderFor, prepared, rowsChanged, withoutWaiting, type DbOrTx, type Tx } from '../db'
import { fieldsOf } from '../db/fields'
import { cursorBefore, pageOf } from '../db/paging'
import { customers, groupbuyCampaigns, groupbuyGroups, groupbuyMembers, products } from '../db/schema'
import { badRequest, conflict, notFound, refuseIf } from '../errors'
import type { OrderRow, OrderService } from '../orders/order-service'
import type { Scheduler } from '../scheduler/scheduler'
import { serviceDeps, type ServiceDeps } from '../services'
import { recordTimelineEvent } from '../timeline/record'
import { recordChange } from '../audit/audit-service'
import { changedFields, pick } from '../audit/changes'

type CampaignRow = typeof groupbuyCampaigns.$inferSelect
type GroupRow = typeof groupbuyGroups.$inferSelect
type MemberRow = typeof groupbuyMembers.$inferSelect
type CustomerCard = Pick<typeof customers.$inferSelect, 'name' | 'avatarUrl'>
/** A member of a group as its view shows them. */
type SeatedMember = { member: Pick<MemberRow, 'customerId' | 'isLeader' | 'status' | 'holdUntil' | 'joinedAt' | 'orderId'> } & CustomerCard
/** What a unit taking a seat read with the group: the customer's seats in the campaign and card, the group's members. */
interface SeatContext {
  mine: number
  customer: CustomerCard
  members: SeatedMember[]
}
type CampaignWithProduct = { campaign: CampaignRow; product: typeof products.$inferSelect }

export const GROUP_DEADLINE_JOB = 'groupbuy-deadline'
/** An unpaid member keeps a seat this long. */
export const SEAT_HOLD_MINUTES = 5

const iso = (date: Date | null) => date?.toISOString() ?? null

const seatTaken = inArray(groupbuyMembers.status, ['holding', 'paid'])

// A join's statements, built once and run with their values (see `prepared`).
const selectCampaignWithProduct = (handle: DbOrTx, campaignId: SQL | Placeholder) =>
  handle
    .select({ campaign: groupbuyCampaigns, product: products })
    .from(groupbuyCampaigns)
    .innerJoin(products, eq(products.id, groupbuyCampaigns.productId))
    .where(eq(groupbuyCampaigns.id, campaignId))
const campaignWithProduct = prepared((handle: DbOrTx) => selectCampaignWithProduct(handle, sql.placeholder('id')))
/** The campaign of the group named by the `groupId` value: a join reads it with the group, in one round trip. */
const campaignIdOfGroup = sql`(select ${groupbuyGroups.campaignId} from ${groupbuyGroups} where ${groupbuyGroups.id} = ${sql.placeholder('groupId')})`
const campaignOfGroup = prepared((handle: DbOrTx) => selectCampaignWithProduct(handle, campaignIdOfGroup))
const groupById = prepared((handle: DbOrTx) => handle.select().from(groupbuyGroups).where(eq(groupbuyGroups.id, sql.placeholder('id'))))
const lockGroupRow = prepared((tx: Tx) => forUpdate(tx.select().from(groupbuyGroups).where(eq(groupbuyGroups.id, sql.placeholder('id')))))
const memberByOrder = prepared((handle: DbOrTx) => handle.select().from(groupbuyMembers).where(eq(groupbuyMembers.orderId, sql.placeholder('orderId'))))
const countActiveHolds = prepared((handle: DbOrTx) =>
  handle
    .select({ n: count() })
    .from(groupbuyMembers)
    .where(
      and(
        eq(groupbuyMembers.groupId, sql.placeholder('groupId')),
        eq(groupbuyMembers.status, 'holding'),
        gt(groupbuyMembers.holdUntil, placeholderFor(groupbuyMembers.holdUntil, 'at')),
        ne(groupbuyMembers.id, sql.placeholder('except')),
      ),
    ),
)
const membersOfGroup = prepared((handle: DbOrTx) =>
  handle
    .select({ member: groupbuyMembers, name: customers.name, avatarUrl: customers.avatarUrl })
    .from(groupbuyMembers)
    .innerJoin(customers, eq(customers.id, groupbuyMembers.customerId))
    .where(and(eq(groupbuyMembers.groupId, sql.placeholder('groupId')), inArray(groupbuyMembers.status, ['holding', 'paid', 'refunded'])))
    .orderBy(asc(groupbuyMembers.id)),
)
/**
 * The customer's card, their row held until the unit ends: a customer's seats in a campaign, counted
 * after it, are then current however many groups they join or open at once.
 */
const lockCustomerCard = prepared((tx: Tx) =>
  forUpdate(tx.select({ name: customers.name, avatarUrl: customers.avatarUrl }).from(customers).where(eq(customers.id, sql.placeholder('customerId')))),
)
const seatOfCustomer = prepared((tx: Tx) =>
  tx
    .select({ id: groupbuyMembers.id })
    .from(groupbuyMembers)
    .where(and(eq(groupbuyMembers.groupId, sql.placeholder('groupId')), eq(groupbuyMembers.customerId, sql.placeholder('customerId')), seatTaken)),
)
/** The seats a customer holds or has paid for in a campaign: what its per-person limit counts. */
const selectSeatsInCampaign = (tx: Tx, campaignId: SQL | Placeholder) =>
  tx
    .select({ n: count() })
    .from(groupbuyMembers)
    .innerJoin(groupbuyGroups, eq(groupbuyGroups.id, groupbuyMembers.groupId))
    .where(and(eq(groupbuyGroups.campaignId, campaignId), eq(groupbuyMembers.customerId, sql.placeholder('customerId')), seatTaken))
const seatsInCampaign = prepared((tx: Tx) => selectSeatsInCampaign(tx, sql.placeholder('campaignId')))
const seatsInCampaignOfGroup = prepared((tx: Tx) => selectSeatsInCampaign(tx, campaignIdOfGroup))
/**
 * One unit of a campaign's stock. The campaign's constraint refuses stock below zero: the unit that would
 * take one that is not there fails (`refusedOutOfStock`). The price is read as the stock is taken, behind
 * any price change that held the campaign first: a leader's seat compares it with the price it placed its
 * order at.
 */
const takeCampaignStock = prepared((tx: Tx) =>
  tx
    .update(groupbuyCampaigns)
    .set({ stock: sql`${groupbuyCampaigns.stock} - 1` })
    .where(eq(groupbuyCampaigns.id, sql.placeholder('id')))
    .returning({ priceFen: groupbuyCampaigns.priceFen }),
)
const STOCK_NOT_NEGATIVE = 'groupbuy_campaigns_stock_not_negative'
/** A seat's unit of work, its failure on the stock constraint answered as what it means to the customer. */
const refusedOutOfStock = <T>(unit: Promise<T>): Promise<T> =>
  unit.catch((error: unknown) => {
    throw isCheckViolation(error, STOCK_NOT_NEGATIVE) ? conflict('OUT_OF_STOCK', '拼团库存不足') : error
  })
const insertHeldSeat = prepared((tx: Tx) =>
  tx.insert(groupbuyMembers).values({
    groupId: sql.placeholder('groupId'),
    customerId: sql.placeholder('customerId'),
    orderId: sql.placeholder('orderId'),
    isLeader: placeholderFor(groupbuyMembers.isLeader, 'isLeader'),
    status: 'holding',
    holdUntil: placeholderFor(groupbuyMembers.holdUntil, 'holdUntil'),
    joinedAt: placeholderFor(groupbuyMembers.joinedAt, 'joinedAt'),
  }),
)

export interface GroupbuyDeps extends ServiceDeps {
  scheduler: Scheduler
  orders: OrderService
}

/** Runs in the unit of work that closed a group, once for each paid member. */
export type GroupClosedHook = (tx: Tx, closed: { groupId: number; customerId: number; orderId: number; succeeded: boolean }, at: Date) => Promise<void> | void

export function createGroupbuyService({ db, now, scheduler, orders }: GroupbuyDeps) {
  const hooks = { closed: [] as GroupClosedHook[] }

  const campaignOr404 = async (tx: DbOrTx, id: number): Promise<CampaignWithProduct> => {
    const row = await first(campaignWithProduct(tx, { id }))
    if (!row) throw notFound('GROUPBUY_NOT_FOUND', '没有这个拼团活动')
    return row
  }
  const groupOr404 = async (tx: DbOrTx, id: number) => {
    const row = await first(groupById(tx, { id }))
    if (!row) throw notFound('GROUP_NOT_FOUND', '没有这个团')
    return row
  }
  const memberOfOrder = (tx: DbOrTx, orderId: number) => first(memberByOrder(tx, { orderId }))
  /** The group, held until the unit of work ends: joins, payments and lapses on one group's seats take turns. */
  const lockGroup = async (tx: Tx, id: number) => {
    const row = await first(lockGroupRow(tx, { id }))
    if (!row) throw notFound('GROUP_NOT_FOUND', '没有这个团')
    return row
  }
  /** An order's seat and its group, read after the group is held, so the seat's status is current. */
  const seatOfOrder = async (tx: Tx, orderId: number) => {
    const { groupId } = (await memberOfOrder(tx, orderId)) as MemberRow
    const group = await lockGroup(tx, groupId)
    return { group, member: (await memberOfOrder(tx, orderId)) as MemberRow }
  }

  const toCampaign = ({ campaign, product }: CampaignWithProduct): GroupbuyCampaign => ({
    id: campaign.id,
    productId: product.id,
    productName: product.name,
    productImageUrl: product.imageUrl,
    originalPriceFen: product.priceFen,
    groupSize: campaign.groupSize,
    priceFen: campaign.priceFen,
    durationMinutes: campaign.durationMinutes,
    stock: campaign.stock,
    perUserLimit: campaign.perUserLimit,
    startsAt: iso(campaign.startsAt),
    endsAt: iso(campaign.endsAt),
    active: campaign.active,
    createdAt: campaign.createdAt.toISOString(),
  })

  /** Unpaid members whose hold has not lapsed, other than `except`. */
  const activeHolds = async (tx: DbOrTx, groupId: number, at: Date, except = 0) =>
    (await first(countActiveHolds(tx, { groupId, at, except })))?.n ?? 0

  /** Unpaid members among these whose hold has not lapsed: what `activeHolds` counts. */
  const liveHolds = (members: SeatedMember[], at: Date) => members.filter(({ member }) => member.status === 'holding' && member.holdUntil > at).length

  /** A group as members see it, from its campaign and its members (lapsed holds among them). */
  const viewOf = (group: GroupRow, { campaign, product }: CampaignWithProduct, everyMember: SeatedMember[], viewerId: number | null, at: Date): GroupView => {
    const joinable = group.status === 'open' || group.status === 'pending'
    const members = everyMember.filter(({ member }) => member.status !== 'holding' || member.holdUntil > at)
    const holding = liveHolds(everyMember, at)
    const mine = viewerId ? members.find(({ member }) => member.customerId === viewerId) : undefined
    return {
      id: group.id,
      campaignId: campaign.id,
      productName: product.name,
      productImageUrl: product.imageUrl,
      priceFen: campaign.priceFen,
      originalPriceFen: product.priceFen,
      groupSize: group.size,
      status: group.status,
      paidCount: group.paidCount,
      seatsLeft: joinable ? Math.max(0, group.size - group.paidCount - holding) : 0,
      deadline: iso(group.deadline),
      members: members.map(({ member, name, avatarUrl }) => ({
        name,
        avatarUrl,
        isLeader: member.isLeader,
        isMe: member.customerId === viewerId,
        status: member.status,
        joinedAt: member.joinedAt.toISOString(),
      })),
      myOrderId: mine?.member.orderId ?? null,
      createdAt: group.createdAt.toISOString(),
    }
  }

  /** A group as members see it, read now; `known` is its campaign when the caller has it already. */
  const view = async (tx: DbOrTx, group: GroupRow, viewerId: number | null, at: Date, known?: CampaignWithProduct): Promise<GroupView> => {
    // Read together: on PostgreSQL they share a round trip.
    const [offer, members] = await Promise.all([known ?? campaignOr404(tx, group.campaignId), membersOfGroup(tx, { groupId: group.id })])
    return viewOf(group, offer, members, viewerId, at)
  }

  const views = async (tx: DbOrTx, groups: GroupRow[], viewerId: number | null, at: Date) => {
    const list: GroupView[] = []
    for (const group of groups) list.push(await view(tx, group, viewerId, at))
    return list
  }

  /**
   * Checks the customer's limit, takes one unit of stock and places the order. `seen` is what the unit
   * read of the group under its lock, and of the customer: the answer is built from it and from what
   * the seat wrote, with nothing read back.
   */
  const takeSeat = async (tx: Tx, customerId: number, offer: CampaignWithProduct, group: GroupRow, isLeader: boolean, at: Date, seen: SeatContext): Promise<GroupOrderResponse> => {
    const { campaign, product } = offer
    if (seen.mine >= campaign.perUserLimit) throw conflict('GROUPBUY_LIMIT_REACHED', `每人限参团 ${campaign.perUserLimit} 次`)
    const holdEnd = at.getTime() + SEAT_HOLD_MINUTES * 60_000
    const payDeadline = new Date(group.deadline ? Math.min(holdEnd, group.deadline.getTime()) : holdEnd)
    const items = [{ productId: product.id, name: product.name, priceFen: campaign.priceFen, quantity: 1 }]
    // A leader's stock is taken and the order placed in one round trip, at the price read with the group.
    // A campaign's price changes only until its first group starts, so only a leader opening that one can
    // meet a change made meanwhile; the stock update reads the price under the campaign's lock and the
    // leader is asked to open the group again rather than pay a price they were not shown.
    const [, order] = await Promise.all([
      isLeader && takeStockAtShownPrice(tx, campaign),
      orders.place(tx, { customerId, kind: 'groupbuy', items, payDeadline, at }),
    ])
    const seat = { customerId, orderId: order.id, isLeader, status: 'holding' as const, holdUntil: payDeadline, joinedAt: at }
    withoutWaiting(insertHeldSeat(tx, { groupId: group.id, customerId, orderId: order.id, isLeader, holdUntil: payDeadline, joinedAt: at }))
    await recordTimelineEvent(tx, {
      customerId,
      type: isLeader ? 'groupbuy_opened' : 'groupbuy_joined',
      occurredAt: at,
      data: { groupId: group.id, campaignId: campaign.id, product: product.name, priceFen: campaign.priceFen, orderId: order.id },
    })
    // A joiner's stock is taken last, sent with the commit: every seat of a campaign waits for its row from
    // the update to the commit, which on PostgreSQL was a round trip and the event loop's turn away. Out of
    // stock, the update breaks the campaign's constraint and the unit fails (`refusedOutOfStock`).
    if (!isLeader) withoutWaiting(takeCampaignStock(tx, { id: campaign.id }))
    return {
      group: viewOf(group, offer, [...seen.members, { member: seat, ...seen.customer }], customerId, at),
      order: orders.placedView(order, { items }, group.id),
    }
  }

  /** A leader's unit of stock, refused if the price is no longer the one they were shown. */
  const takeStockAtShownPrice = async (tx: Tx, campaign: CampaignRow) => {
    const [taken] = await takeCampaignStock(tx, { id: campaign.id })
    if (taken?.priceFen !== campaign.priceFen) throw conflict('GROUPBUY_PRICE_CHANGED', '拼团价格刚刚调整，请刷新后重新参团')
  }

  const checkOnSale = (campaign: CampaignRow, at: Date) => {
    if (!campaign.active || (campaign.startsAt && campaign.startsAt > at) || (campaign.endsAt && campaign.endsAt <= at)) {
      throw conflict('GROUPBUY_NOT_ACTIVE', '拼团活动未开始或已结束')
    }
  }

  /** Why a group takes no one now, or null. */
  const closedReason = (group: GroupRow, at: Date): { code: string; message: string } | null => {
    if (group.status === 'succeeded') return { code: 'GROUP_FULL', message: '这个团已经满员了' }
    if (group.status === 'pending') return { code: 'GROUP_CLOSED', message: '团长还没有付款，暂不能参团' }
    if (group.status !== 'open' || (group.deadline && group.deadline <= at)) return { code: 'GROUP_CLOSED', message: '这个团已经结束了' }
    return null
  }

  /** The group reached N paid members: it succeeds, every member hears of it. */
  const succeed = async (tx: Tx, group: GroupRow, at: Date) => {
    const done = await tx
      .update(groupbuyGroups)
      .set({ status: 'succeeded', closedAt: at })
      .where(and(eq(groupbuyGroups.id, group.id), eq(groupbuyGroups.status, 'open'), eq(groupbuyGroups.paidCount, group.size)))
    if (rowsChanged(done) === 0) return
    const paid = await tx.select().from(groupbuyMembers).where(and(eq(groupbuyMembers.groupId, group.id), eq(groupbuyMembers.status, 'paid')))
    for (const member of paid) {
      await recordTimelineEvent(tx, { customerId: member.customerId, type: 'groupbuy_succeeded', occurredAt: at, data: { groupId: group.id, orderId: member.orderId } })
      for (const hook of hooks.closed) await hook(tx, { groupId: group.id, customerId: member.customerId, orderId: member.orderId, succeeded: true }, at)
    }
  }

  /** A group price is a discount: never above what the product sells for on its own. */
  /** Whether a group of the campaign has started (a leader took a seat and did not let it lapse unpaid). */
  const hasStartedGroups = async (tx: DbOrTx, campaignId: number) =>
    (await first(
      tx
        .select({ id: groupbuyGroups.id })
        .from(groupbuyGroups)
        .where(and(eq(groupbuyGroups.campaignId, campaignId), ne(groupbuyGroups.status, 'cancelled')))
        .limit(1),
    )) !== undefined

  const service = {
    hooks,
    async createCampaign(input: CreateGroupbuyRequest): Promise<GroupbuyCampaign> {
      return db.transaction(async (tx) => {
        const product = await orders.productOr404(tx, input.productId)
        refuseIf(groupPriceProblem(input.priceFen, product.priceFen), 'GROUP_PRICE_TOO_HIGH')
        refuseIf(groupStockProblem(input.stock, input.groupSize), 'GROUP_STOCK_TOO_LOW')
        const startsAt = input.startsAt ? new Date(input.startsAt) : null
        const endsAt = input.endsAt ? new Date(input.endsAt) : null
        if (startsAt && endsAt && endsAt <= startsAt) throw badRequest('INVALID_TIME_WINDOW', '结束时间必须晚于开始时间')
        const [row] = await tx
          .insert(groupbuyCampaigns)
          .values({
            productId: input.productId,
            groupSize: input.groupSize,
            priceFen: input.priceFen,
            durationMinutes: input.durationMinutes,
            stock: input.stock,
            perUserLimit: input.perUserLimit ?? 1,
            startsAt,
            endsAt,
          })
          .returning()
        return toCampaign(await campaignOr404(tx, (row as CampaignRow).id))
      })
    },

    /** Stock, end and switch change any time; the price only while no group has started, so a group's members pay alike. */
    async updateCampaign(id: number, patch: UpdateGroupbuyRequest): Promise<GroupbuyCampaign> {
      return db.transaction(async (tx) => {
        const { campaign, product } = await campaignOr404(tx, id)
        const next = {
          ...fieldsOf(patch, ['priceFen', 'stock', 'active']),
          ...(patch.endsAt !== undefined ? { endsAt: patch.endsAt ? new Date(patch.endsAt) : null } : {}),
        }
        if (next.endsAt && campaign.startsAt && next.endsAt <= campaign.startsAt) {
          throw badRequest('INVALID_TIME_WINDOW', '结束时间必须晚于开始时间')
        }
        if (next.priceFen !== undefined && next.priceFen !== campaign.priceFen) {
          refuseIf(groupPriceProblem(next.priceFen, product.priceFen), 'GROUP_PRICE_TOO_HIGH')
          // Held first: a seat taken meanwhile has committed its group by now, or meets the new price and is refused (see takeSeat).
          await first(forUpdate(tx.select({ id: groupbuyCampaigns.id }).from(groupbuyCampaigns).where(eq(groupbuyCampaigns.id, id))))
          if (await hasStartedGroups(tx, id)) throw conflict('GROUPBUY_STARTED', '已经有人开团，拼团价不能再改')
        }
        if (Object.keys(next).length) await tx.update(groupbuyCampaigns).set(next).where(eq(groupbuyCampaigns.id, id))
        const after = await campaignOr404(tx, id)
        await recordChange(tx, { objectType: 'groupbuys', objectId: id, changes: changedFields(pick(campaign, Object.keys(next)), pick(after.campaign, Object.keys(next))) })
        return toCampaign(after)
      })
    },

    /** A product's price may not drop below the price of a group-buy on it that is still switched on. */
    async checkProductPrice(tx: Tx, productId: number, priceFen: number): Promise<void> {
      const above = await first(
        tx
          .select({ priceFen: groupbuyCampaigns.priceFen })
          .from(groupbuyCampaigns)
          .where(and(eq(groupbuyCampaigns.productId, productId), eq(groupbuyCampaigns.active, true), gt(groupbuyCampaigns.priceFen, priceFen)))
          .limit(1),
      )
      if (above) throw conflict('BELOW_GROUP_PRICE', `商品价格不能低于进行中的拼团价（${above.priceFen / 100} 元），请先调整或关闭拼团活动`)
    },

    listAll: async (): Promise<GroupbuyCampaign[]> =>
      (
        await db
          .select({ campaign: groupbuyCampaigns, product: products })
          .from(groupbuyCampaigns)
          .innerJoin(products, eq(products.id, groupbuyCampaigns.productId))
          .orderBy(desc(groupbuyCampaigns.id))
      ).map(toCampaign),

    /** Every campaign with its open, succeeded and failed groups counted. */
    async listForAdmin(): Promise<AdminGroupbuyCampaign[]> {
      const tally = new Map<number, AdminGroupbuyCampaign['groups']>()
      const counts = await db
        .select({ campaignId: groupbuyGroups.campaignId, status: groupbuyGroups.status, n: count() })
        .from(groupbuyGroups)
        .where(inArray(groupbuyGroups.status, ['open', 'succeeded', 'failed']))
        .groupBy(groupbuyGroups.campaignId, groupbuyGroups.status)
      for (const { campaignId, status, n } of counts) {
        const groups = tally.get(campaignId) ?? { open: 0, succeeded: 0, failed: 0 }
        tally.set(campaignId, { ...groups, [status]: n })
      }
      const campaigns = await service.listAll()
      return campaigns.map((campaign) => ({ ...campaign, groups: tally.get(campaign.id) ?? { open: 0, succeeded: 0, failed: 0 } }))
    },

    /** Campaigns on sale now. */
    async listActive(): Promise<GroupbuyCampaign[]> {
      const at = now()
      return (await service.listAll()).filter(
        (c) => c.active && (!c.startsAt || new Date(c.startsAt) <= at) && (!c.endsAt || new Date(c.endsAt) > at),
      )
    },

    async detail(customerId: number, campaignId: number): Promise<GroupbuyDetail> {
      const at = now()
      const row = await campaignOr404(db, campaignId)
      const open = await db
        .select()
        .from(groupbuyGroups)
        .where(and(eq(groupbuyGroups.campaignId, campaignId), eq(groupbuyGroups.status, 'open'), gt(groupbuyGroups.deadline, at)))
        .orderBy(asc(groupbuyGroups.deadline))
        .limit(20)
      return { campaign: toCampaign(row), openGroups: (await views(db, open, customerId, at)).filter((group) => group.seatsLeft > 0) }
    },

    /** A leader opens a group; it opens for others once the leader's order is paid. */
    async openGroup(customerId: number, campaignId: number): Promise<GroupOrderResponse> {
      const at = now()
      return refusedOutOfStock(db.transaction(async (tx) => {
        // The customer is held before their seats are counted; on PostgreSQL all three share a round trip.
        const [customer, offer, seats] = await Promise.all([
          first(lockCustomerCard(tx, { customerId })),
          campaignOr404(tx, campaignId),
          first(seatsInCampaign(tx, { campaignId, customerId })),
        ])
        const { campaign } = offer
        checkOnSale(campaign, at)
        const underway = await first(
          tx
            .select({ id: groupbuyGroups.id })
            .from(groupbuyGroups)
            .where(
              and(
                eq(groupbuyGroups.campaignId, campaignId),
                eq(groupbuyGroups.leaderId, customerId),
                // Written out as the partial unique index's own predicate, so the engine can search that index.
                sql`${groupbuyGroups.status} in ('pending', 'open')`,
              ),
            ),
        )
        if (underway) throw conflict('GROUP_ALREADY_OPEN', '你在这个活动已有进行中的团')
        const [group] = await tx
          .insert(groupbuyGroups)
          .values({ campaignId, leaderId: customerId, size: campaign.groupSize, status: 'pending', createdAt: at })
          .returning()
        // The customer exists: the session check in this unit found them.
        const seen = { mine: seats?.n ?? 0, customer: customer as CustomerCard, members: [] }
        return takeSeat(tx, customerId, offer, group as GroupRow, true, at, seen)
      }))
    },

    /** Joining holds a seat for a short while; paying takes it. */
    async joinGroup(customerId: number, groupId: number): Promise<GroupOrderResponse> {
      const at = now()
      return refusedOutOfStock(db.transaction(async (tx) => {
        // The seats are read behind the group's lock and then the customer's, in order, so they are
        // current; on PostgreSQL the locks and the reads share a round trip.
        const [group, customer, inGroup, offer, seats, members] = await Promise.all([
          lockGroup(tx, groupId),
          first(lockCustomerCard(tx, { customerId })),
          first(seatOfCustomer(tx, { groupId, customerId })),
          first(campaignOfGroup(tx, { groupId })),
          first(seatsInCampaignOfGroup(tx, { groupId, customerId })),
          membersOfGroup(tx, { groupId }),
        ])
        const closed = closedReason(group, at)
        if (closed) throw conflict(closed.code, closed.message)
        // A group always has its campaign (a foreign key); the group's own 404 came first.
        if (!offer) throw notFound('GROUPBUY_NOT_FOUND', '没有这个拼团活动')
        checkOnSale(offer.campaign, at)
        if (inGroup) throw conflict('ALREADY_IN_GROUP', '你已经在这个团里了')
        if (group.paidCount + liveHolds(members, at) >= group.size) throw conflict('GROUP_FULL', '这个团的名额已被占满')
        return takeSeat(tx, customerId, offer, group, false, at, { mine: seats?.n ?? 0, customer: customer as CustomerCard, members })
      }))
    },

    viewGroup: async (customerId: number, groupId: number): Promise<GroupView> =>
      view(db, await groupOr404(db, groupId), customerId, now()),

    /** A campaign's groups, newest first, for the console. */
    async groupsOf(campaignId: number, query: CursorQuery): Promise<GroupViewPage> {
      await campaignOr404(db, campaignId)
      const at = now()
      const limit = query.limit ?? 20
      const rows = await db
        .select()
        .from(groupbuyGroups)
        .where(and(eq(groupbuyGroups.campaignId, campaignId), cursorBefore(groupbuyGroups.id, query.cursor)))
        .orderBy(desc(groupbuyGroups.id))
        .limit(limit + 1)
      const page = pageOf(rows, limit, (group) => group)
      return { items: await views(db, page.items, null, at), nextCursor: page.nextCursor }
    },

    async myGroups(customerId: number, query: CursorQuery): Promise<GroupViewPage> {
      const at = now()
      const limit = query.limit ?? 20
      const rows = await db
        .select({ group: groupbuyGroups, memberId: groupbuyMembers.id })
        .from(groupbuyMembers)
        .innerJoin(groupbuyGroups, eq(groupbuyGroups.id, groupbuyMembers.groupId))
        .where(and(eq(groupbuyMembers.customerId, customerId), inArray(groupbuyMembers.status, ['holding', 'paid', 'refunded']), cursorBefore(groupbuyMembers.id, query.cursor)))
        .orderBy(desc(groupbuyMembers.id))
        .limit(limit + 1)
      const page = pageOf(rows, limit, (row) => ({ ...row, id: row.memberId }))
      return {
        items: await views(
          db,
          page.items.map(({ group }) => group),
          customerId,
          at,
        ),
        nextCursor: page.nextCursor,
      }
    },

    groupIdOfOrder: async (tx: DbOrTx, orderId: number) => (await memberOfOrder(tx, orderId))?.groupId ?? null,

    async checkPayable(tx: Tx, order: OrderRow, at: Date): Promise<void> {
      const member = (await memberOfOrder(tx, order.id)) as MemberRow
      const group = await groupOr404(tx, member.groupId)
      if (member.status !== 'holding') throw conflict('GROUP_CLOSED', '你的参团名额已失效')
      if (!(member.isLeader && group.status === 'pending')) {
        const closed = closedReason(group, at)
        if (closed) throw conflict(closed.code, closed.message)
      }
    },

    /**
     * A member's payment arrived: the seat is taken by a guarded `paid_count < size` update, so
     * a group never has more than N paid members; a payer who cannot get a seat is refunded.
     */
    async admit(tx: Tx, order: OrderRow, at: Date): Promise<boolean> {
      const { group, member } = await seatOfOrder(tx, order.id)
      const refuse = async () => {
        if (member.status !== 'holding') return false
        await tx.update(groupbuyMembers).set({ status: 'refunded' }).where(eq(groupbuyMembers.id, member.id))
        await tx
          .update(groupbuyCampaigns)
          .set({ stock: sql`${groupbuyCampaigns.stock} + 1` })
          .where(eq(groupbuyCampaigns.id, group.campaignId))
        return false
      }
      if (member.status !== 'holding') return refuse()
      let seated: GroupRow | undefined
      if (member.isLeader && group.status === 'pending') {
        const { campaign } = await campaignOr404(tx, group.campaignId)
        const deadline = new Date(at.getTime() + campaign.durationMinutes * 60_000)
        seated = await first(
          tx
            .update(groupbuyGroups)
            .set({ status: 'open', paidCount: 1, deadline })
            .where(and(eq(groupbuyGroups.id, group.id), eq(groupbuyGroups.status, 'pending')))
            .returning(),
        )
        if (seated) await scheduler.schedule(tx, { kind: GROUP_DEADLINE_JOB, key: String(group.id), runAt: deadline, payload: { groupId: group.id } })
      } else if (!closedReason(group, at)) {
        // A lapsed hold may still take a free seat, but never one another member is holding.
        const reserved = member.holdUntil > at ? 0 : await activeHolds(tx, group.id, at, member.id)
        seated = await first(
          tx
            .update(groupbuyGroups)
            .set({ paidCount: sql`${groupbuyGroups.paidCount} + 1` })
            .where(and(eq(groupbuyGroups.id, group.id), eq(groupbuyGroups.status, 'open'), sql`${groupbuyGroups.paidCount} < ${groupbuyGroups.size} - ${reserved}`))
            .returning(),
        )
      }
      if (!seated) return refuse()
      await tx.update(groupbuyMembers).set({ status: 'paid', paidAt: at }).where(eq(groupbuyMembers.id, member.id))
      if (seated.paidCount === seated.size) await succeed(tx, seated, at)
      return true
    },

    canComplete: async (tx: Tx, order: OrderRow): Promise<boolean> => {
      const member = await memberOfOrder(tx, order.id)
      return !!member && (await groupOr404(tx, member.groupId)).status === 'succeeded'
    },

    /** An unpaid order lapsed: its seat and unit go back; a group whose leader never paid is cancelled. */
    async releaseSeat(tx: Tx, order: OrderRow, at: Date): Promise<void> {
      if (!(await memberOfOrder(tx, order.id))) return
      const { group, member } = await seatOfOrder(tx, order.id)
      if (member.status !== 'holding') return
      await tx.update(groupbuyMembers).set({ status: 'released' }).where(eq(groupbuyMembers.id, member.id))
      await tx
        .update(groupbuyCampaigns)
        .set({ stock: sql`${groupbuyCampaigns.stock} + 1` })
        .where(eq(groupbuyCampaigns.id, group.campaignId))
      if (member.isLeader) {
        await tx
          .update(groupbuyGroups)
          .set({ status: 'cancelled', closedAt: at })
          .where(and(eq(groupbuyGroups.id, group.id), eq(groupbuyGroups.status, 'pending')))
      }
    },

    /** The deadline passed short of N: the group fails and every paid member is refunded; once. */
    async failIfShort(tx: Tx, groupId: number, at: Date): Promise<void> {
      const failed = await first(
        tx
          .update(groupbuyGroups)
          .set({ status: 'failed', closedAt: at })
          .where(and(eq(groupbuyGroups.id, groupId), eq(groupbuyGroups.status, 'open'), sql`${groupbuyGroups.deadline} <= ${at.getTime()}`))
          .returning(),
      )
      if (!failed) return
      const members = await tx.select().from(groupbuyMembers).where(and(eq(groupbuyMembers.groupId, groupId), eq(groupbuyMembers.status, 'paid')))
      for (const member of members) {
        await orders.refundPaid(tx, await orders.orderOr404(tx, member.orderId), '拼团未成功，自动退款', at)
        await tx.update(groupbuyMembers).set({ status: 'refunded' }).where(eq(groupbuyMembers.id, member.id))
        await recordTimelineEvent(tx, { customerId: member.customerId, type: 'groupbuy_failed', occurredAt: at, data: { groupId, orderId: member.orderId } })
        for (const hook of hooks.closed) await hook(tx, { groupId, customerId: member.customerId, orderId: member.orderId, succeeded: false }, at)
      }
      await tx
        .update(groupbuyCampaigns)
        .set({ stock: sql`${groupbuyCampaigns.stock} + ${members.length}` })
        .where(eq(groupbuyCampaigns.id, failed.campaignId))
    },
  }
  return service
}

export type GroupbuyService = ReturnType<typeof createGroupbuyService>

declare module 'fastify' {
  interface FastifyInstance {
    groupbuy: GroupbuyService
  }
}

export default fp(
  async (app) => {
    const service = createGroupbuyService({ ...serviceDeps(app), scheduler: app.scheduler, orders: app.orders })
    app.orders.defineKind(
      'groupbuy',
      { checkPayable: service.checkPayable, admit: service.admit, canComplete: service.canComplete, checkProductPrice: service.checkProductPrice },
      service.groupIdOfOrder,
    )
    app.orders.hooks.cancelled.push(async (tx, order, at) => {
      if (order.kind === 'groupbuy') await service.releaseSeat(tx, order, at)
    })
    app.orders.hooks.paid.push(async (_tx, order) => {
      if (order.kind === 'groupbuy') reportActivity(app, order.customerId, 'groupbuy_joined')
    })
    app.scheduler.define(GROUP_DEADLINE_JOB, ({ tx, job, now }) => service.failIfShort(tx, (job.payload as { groupId: number }).groupId, now))
    app.decorate('groupbuy', service)
  },
  { name: 'groupbuy', dependencies: ['db', 'clock', 'scheduler', 'orders', 'tag-rules'] },
)
