import fp from 'fastify-plugin'
import { reportActivity } from '../tags/tag-rules'
import { and, asc, count, desc, eq, gt, inArray, ne, sql } from 'drizzle-orm'
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
import type { Db, DbOrTx, Tx } from '../db'
import { cursorBefore, pageOf } from '../db/paging'
import { customers, groupbuyCampaigns, groupbuyGroups, groupbuyMembers, products } from '../db/schema'
import { badRequest, conflict, notFound } from '../errors'
import type { OrderRow, OrderService } from '../orders/order-service'
import type { Scheduler } from '../scheduler/scheduler'
import { recordTimelineEvent } from '../timeline/record'

type CampaignRow = typeof groupbuyCampaigns.$inferSelect
type GroupRow = typeof groupbuyGroups.$inferSelect
type MemberRow = typeof groupbuyMembers.$inferSelect

export const GROUP_DEADLINE_JOB = 'groupbuy-deadline'
/** An unpaid member keeps a seat this long. */
export const SEAT_HOLD_MINUTES = 5

const iso = (date: Date | null) => date?.toISOString() ?? null

export interface GroupbuyDeps {
  db: Db
  now: () => Date
  scheduler: Scheduler
  orders: OrderService
}

export function createGroupbuyService({ db, now, scheduler, orders }: GroupbuyDeps) {
  const p = sql.placeholder
  const seatTaken = inArray(groupbuyMembers.status, ['holding', 'paid'])
  // Prepared once: a join runs each of these, and building the SQL costs more than running it.
  // They run inside whatever transaction is open on the one connection.
  const q = {
    campaign: db
      .select({ campaign: groupbuyCampaigns, product: products })
      .from(groupbuyCampaigns)
      .innerJoin(products, eq(products.id, groupbuyCampaigns.productId))
      .where(eq(groupbuyCampaigns.id, p('id')))
      .prepare(),
    group: db.select().from(groupbuyGroups).where(eq(groupbuyGroups.id, p('id'))).prepare(),
    memberOfOrder: db.select().from(groupbuyMembers).where(eq(groupbuyMembers.orderId, p('orderId'))).prepare(),
    holds: db
      .select({ n: count() })
      .from(groupbuyMembers)
      .where(
        and(
          eq(groupbuyMembers.groupId, p('groupId')),
          eq(groupbuyMembers.status, 'holding'),
          gt(groupbuyMembers.holdUntil, p('at')),
          ne(groupbuyMembers.id, p('except')),
        ),
      )
      .prepare(),
    members: db
      .select({ member: groupbuyMembers, name: customers.name, avatarUrl: customers.avatarUrl })
      .from(groupbuyMembers)
      .innerJoin(customers, eq(customers.id, groupbuyMembers.customerId))
      .where(and(eq(groupbuyMembers.groupId, p('groupId')), inArray(groupbuyMembers.status, ['holding', 'paid', 'refunded'])))
      .orderBy(asc(groupbuyMembers.id))
      .prepare(),
    inGroup: db
      .select({ id: groupbuyMembers.id })
      .from(groupbuyMembers)
      .where(and(eq(groupbuyMembers.groupId, p('groupId')), eq(groupbuyMembers.customerId, p('customerId')), seatTaken))
      .prepare(),
    seatsInCampaign: db
      .select({ n: count() })
      .from(groupbuyMembers)
      .innerJoin(groupbuyGroups, eq(groupbuyGroups.id, groupbuyMembers.groupId))
      .where(and(eq(groupbuyGroups.campaignId, p('campaignId')), eq(groupbuyMembers.customerId, p('customerId')), seatTaken))
      .prepare(),
    takeStock: db
      .update(groupbuyCampaigns)
      .set({ stock: sql`${groupbuyCampaigns.stock} - 1` })
      .where(and(eq(groupbuyCampaigns.id, p('id')), gt(groupbuyCampaigns.stock, 0)))
      .prepare(),
    holdSeat: db
      .insert(groupbuyMembers)
      .values({
        groupId: p('groupId'),
        customerId: p('customerId'),
        orderId: p('orderId'),
        isLeader: p('isLeader'),
        status: 'holding',
        holdUntil: p('holdUntil'),
        joinedAt: p('joinedAt'),
      })
      .prepare(),
  }
  type CampaignWithProduct = NonNullable<ReturnType<typeof q.campaign.get>>

  const campaignOr404 = (id: number): CampaignWithProduct => {
    const row = q.campaign.get({ id })
    if (!row) throw notFound('GROUPBUY_NOT_FOUND', '没有这个拼团活动')
    return row
  }
  const groupOr404 = (id: number) => {
    const row = q.group.get({ id })
    if (!row) throw notFound('GROUP_NOT_FOUND', '没有这个团')
    return row
  }
  const memberOfOrder = (orderId: number) => q.memberOfOrder.get({ orderId })

  const toCampaign = ({ campaign, product }: { campaign: CampaignRow; product: typeof products.$inferSelect }): GroupbuyCampaign => ({
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
  const activeHolds = (groupId: number, at: Date, except = 0) => q.holds.get({ groupId, at: at.getTime(), except })?.n ?? 0

  /** A group as members see it; `known` is its campaign when the caller has it already. */
  const view = (group: GroupRow, viewerId: number | null, at: Date, known?: CampaignWithProduct): GroupView => {
    const { campaign, product } = known ?? campaignOr404(group.campaignId)
    const members = q.members.all({ groupId: group.id }).filter(({ member }) => member.status !== 'holding' || member.holdUntil > at)
    const joinable = group.status === 'open' || group.status === 'pending'
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
      seatsLeft: joinable ? Math.max(0, group.size - group.paidCount - activeHolds(group.id, at)) : 0,
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

  /** Checks the campaign and the customer's limit, takes one unit of stock and places the order. */
  const takeSeat = (tx: Tx, customerId: number, offer: CampaignWithProduct, group: GroupRow, isLeader: boolean, at: Date): GroupOrderResponse => {
    const { campaign, product } = offer
    const mine = q.seatsInCampaign.get({ campaignId: campaign.id, customerId })?.n ?? 0
    if (mine >= campaign.perUserLimit) throw conflict('GROUPBUY_LIMIT_REACHED', `每人限参团 ${campaign.perUserLimit} 次`)
    if (q.takeStock.run({ id: campaign.id }).changes === 0) throw conflict('OUT_OF_STOCK', '拼团库存不足')
    const holdEnd = at.getTime() + SEAT_HOLD_MINUTES * 60_000
    const payDeadline = new Date(group.deadline ? Math.min(holdEnd, group.deadline.getTime()) : holdEnd)
    const order = orders.place(tx, {
      customerId,
      kind: 'groupbuy',
      items: [{ productId: product.id, name: product.name, priceFen: campaign.priceFen, quantity: 1 }],
      payDeadline,
      at,
    })
    q.holdSeat.run({ groupId: group.id, customerId, orderId: order.id, isLeader, holdUntil: payDeadline, joinedAt: at })
    recordTimelineEvent(tx, {
      customerId,
      type: isLeader ? 'groupbuy_opened' : 'groupbuy_joined',
      occurredAt: at,
      data: { groupId: group.id, campaignId: campaign.id, product: product.name, priceFen: campaign.priceFen, orderId: order.id },
    })
    return { group: view(group, customerId, at, offer), order: orders.view(tx, order) }
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
  const succeed = (tx: Tx, group: GroupRow, at: Date) => {
    const done = tx
      .update(groupbuyGroups)
      .set({ status: 'succeeded', closedAt: at })
      .where(and(eq(groupbuyGroups.id, group.id), eq(groupbuyGroups.status, 'open'), eq(groupbuyGroups.paidCount, group.size)))
      .run()
    if (done.changes === 0) return
    const paid = tx.select().from(groupbuyMembers).where(and(eq(groupbuyMembers.groupId, group.id), eq(groupbuyMembers.status, 'paid'))).all()
    for (const member of paid) {
      recordTimelineEvent(tx, { customerId: member.customerId, type: 'groupbuy_succeeded', occurredAt: at, data: { groupId: group.id, orderId: member.orderId } })
    }
  }

  const service = {
    createCampaign(input: CreateGroupbuyRequest): GroupbuyCampaign {
      orders.productOr404(db, input.productId)
      const startsAt = input.startsAt ? new Date(input.startsAt) : null
      const endsAt = input.endsAt ? new Date(input.endsAt) : null
      if (startsAt && endsAt && endsAt <= startsAt) throw badRequest('INVALID_TIME_WINDOW', '结束时间必须晚于开始时间')
      const row = db
        .insert(groupbuyCampaigns)
        .values({ ...input, perUserLimit: input.perUserLimit ?? 1, startsAt, endsAt })
        .returning()
        .get()
      return toCampaign(campaignOr404(row.id))
    },

    updateCampaign(id: number, patch: UpdateGroupbuyRequest): GroupbuyCampaign {
      campaignOr404(id)
      const { endsAt, ...rest } = patch
      const next = { ...rest, ...(endsAt !== undefined ? { endsAt: endsAt ? new Date(endsAt) : null } : {}) }
      if (Object.keys(next).length) db.update(groupbuyCampaigns).set(next).where(eq(groupbuyCampaigns.id, id)).run()
      return toCampaign(campaignOr404(id))
    },

    listAll: (): GroupbuyCampaign[] =>
      db
        .select({ campaign: groupbuyCampaigns, product: products })
        .from(groupbuyCampaigns)
        .innerJoin(products, eq(products.id, groupbuyCampaigns.productId))
        .orderBy(desc(groupbuyCampaigns.id))
        .all()
        .map(toCampaign),

    /** Every campaign with its open, succeeded and failed groups counted. */
    listForAdmin(): AdminGroupbuyCampaign[] {
      const tally = new Map<number, AdminGroupbuyCampaign['groups']>()
      const counts = db
        .select({ campaignId: groupbuyGroups.campaignId, status: groupbuyGroups.status, n: count() })
        .from(groupbuyGroups)
        .where(inArray(groupbuyGroups.status, ['open', 'succeeded', 'failed']))
        .groupBy(groupbuyGroups.campaignId, groupbuyGroups.status)
        .all()
      for (const { campaignId, status, n } of counts) {
        const groups = tally.get(campaignId) ?? { open: 0, succeeded: 0, failed: 0 }
        tally.set(campaignId, { ...groups, [status]: n })
      }
      return service.listAll().map((campaign) => ({ ...campaign, groups: tally.get(campaign.id) ?? { open: 0, succeeded: 0, failed: 0 } }))
    },

    /** Campaigns on sale now. */
    listActive(): GroupbuyCampaign[] {
      const at = now()
      return service
        .listAll()
        .filter((c) => c.active && (!c.startsAt || new Date(c.startsAt) <= at) && (!c.endsAt || new Date(c.endsAt) > at))
    },

    detail(customerId: number, campaignId: number): GroupbuyDetail {
      const at = now()
      const row = campaignOr404(campaignId)
      const open = db
        .select()
        .from(groupbuyGroups)
        .where(and(eq(groupbuyGroups.campaignId, campaignId), eq(groupbuyGroups.status, 'open'), gt(groupbuyGroups.deadline, at)))
        .orderBy(asc(groupbuyGroups.deadline))
        .limit(20)
        .all()
      return { campaign: toCampaign(row), openGroups: open.map((group) => view(group, customerId, at)).filter((group) => group.seatsLeft > 0) }
    },

    /** A leader opens a group; it opens for others once the leader's order is paid. */
    openGroup(customerId: number, campaignId: number): GroupOrderResponse {
      const at = now()
      return db.transaction(
        (tx) => {
          const offer = campaignOr404(campaignId)
          const { campaign } = offer
          checkOnSale(campaign, at)
          const underway = tx
            .select({ id: groupbuyGroups.id })
            .from(groupbuyGroups)
            .where(and(eq(groupbuyGroups.campaignId, campaignId), eq(groupbuyGroups.leaderId, customerId), inArray(groupbuyGroups.status, ['pending', 'open'])))
            .get()
          if (underway) throw conflict('GROUP_ALREADY_OPEN', '你在这个活动已有进行中的团')
          const group = tx
            .insert(groupbuyGroups)
            .values({ campaignId, leaderId: customerId, size: campaign.groupSize, status: 'pending', createdAt: at })
            .returning()
            .get()
          return takeSeat(tx, customerId, offer, group, true, at)
        },
        { behavior: 'immediate' },
      )
    },

    /** Joining holds a seat for a short while; paying takes it. */
    joinGroup(customerId: number, groupId: number): GroupOrderResponse {
      const at = now()
      return db.transaction(
        (tx) => {
          const group = groupOr404(groupId)
          const closed = closedReason(group, at)
          if (closed) throw conflict(closed.code, closed.message)
          const offer = campaignOr404(group.campaignId)
          checkOnSale(offer.campaign, at)
          if (q.inGroup.get({ groupId, customerId })) throw conflict('ALREADY_IN_GROUP', '你已经在这个团里了')
          if (group.paidCount + activeHolds(groupId, at) >= group.size) throw conflict('GROUP_FULL', '这个团的名额已被占满')
          return takeSeat(tx, customerId, offer, group, false, at)
        },
        { behavior: 'immediate' },
      )
    },

    viewGroup: (customerId: number, groupId: number): GroupView => view(groupOr404(groupId), customerId, now()),

    /** A campaign's groups, newest first, for the console. */
    groupsOf(campaignId: number, query: CursorQuery): GroupViewPage {
      campaignOr404(campaignId)
      const at = now()
      const limit = query.limit ?? 20
      const rows = db
        .select()
        .from(groupbuyGroups)
        .where(and(eq(groupbuyGroups.campaignId, campaignId), cursorBefore(groupbuyGroups.id, query.cursor)))
        .orderBy(desc(groupbuyGroups.id))
        .limit(limit + 1)
        .all()
      return pageOf(rows, limit, (group) => view(group, null, at))
    },

    myGroups(customerId: number, query: CursorQuery): GroupViewPage {
      const at = now()
      const limit = query.limit ?? 20
      const rows = db
        .select({ group: groupbuyGroups, memberId: groupbuyMembers.id })
        .from(groupbuyMembers)
        .innerJoin(groupbuyGroups, eq(groupbuyGroups.id, groupbuyMembers.groupId))
        .where(and(eq(groupbuyMembers.customerId, customerId), inArray(groupbuyMembers.status, ['holding', 'paid', 'refunded']), cursorBefore(groupbuyMembers.id, query.cursor)))
        .orderBy(desc(groupbuyMembers.id))
        .limit(limit + 1)
        .all()
      const page = pageOf(rows, limit, (row) => ({ ...row, id: row.memberId }))
      return {
        items: page.items.map(({ group }) => view(group, customerId, at)),
        nextCursor: page.nextCursor,
      }
    },

    groupIdOfOrder: (tx: DbOrTx, orderId: number) => memberOfOrder(orderId)?.groupId ?? null,

    checkPayable(tx: Tx, order: OrderRow, at: Date): void {
      const member = memberOfOrder(order.id) as MemberRow
      const group = groupOr404(member.groupId)
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
    admit(tx: Tx, order: OrderRow, at: Date): boolean {
      const member = memberOfOrder(order.id) as MemberRow
      const group = groupOr404(member.groupId)
      const refuse = () => {
        if (member.status !== 'holding') return false
        tx.update(groupbuyMembers).set({ status: 'refunded' }).where(eq(groupbuyMembers.id, member.id)).run()
        tx.update(groupbuyCampaigns)
          .set({ stock: sql`${groupbuyCampaigns.stock} + 1` })
          .where(eq(groupbuyCampaigns.id, group.campaignId))
          .run()
        return false
      }
      if (member.status !== 'holding') return refuse()
      let seated: GroupRow | undefined
      if (member.isLeader && group.status === 'pending') {
        const { campaign } = campaignOr404(group.campaignId)
        const deadline = new Date(at.getTime() + campaign.durationMinutes * 60_000)
        seated = tx
          .update(groupbuyGroups)
          .set({ status: 'open', paidCount: 1, deadline })
          .where(and(eq(groupbuyGroups.id, group.id), eq(groupbuyGroups.status, 'pending')))
          .returning()
          .get()
        if (seated) scheduler.schedule(tx, { kind: GROUP_DEADLINE_JOB, key: String(group.id), runAt: deadline, payload: { groupId: group.id } })
      } else if (!closedReason(group, at)) {
        // A lapsed hold may still take a free seat, but never one another member is holding.
        const reserved = member.holdUntil > at ? 0 : activeHolds(group.id, at, member.id)
        seated = tx
          .update(groupbuyGroups)
          .set({ paidCount: sql`${groupbuyGroups.paidCount} + 1` })
          .where(and(eq(groupbuyGroups.id, group.id), eq(groupbuyGroups.status, 'open'), sql`${groupbuyGroups.paidCount} < ${groupbuyGroups.size} - ${reserved}`))
          .returning()
          .get()
      }
      if (!seated) return refuse()
      tx.update(groupbuyMembers).set({ status: 'paid', paidAt: at }).where(eq(groupbuyMembers.id, member.id)).run()
      if (seated.paidCount === seated.size) succeed(tx, seated, at)
      return true
    },

    canComplete: (tx: Tx, order: OrderRow) => {
      const member = memberOfOrder(order.id)
      return !!member && groupOr404(member.groupId).status === 'succeeded'
    },

    /** An unpaid order lapsed: its seat and unit go back; a group whose leader never paid is cancelled. */
    releaseSeat(tx: Tx, order: OrderRow, at: Date): void {
      const member = memberOfOrder(order.id)
      if (!member || member.status !== 'holding') return
      tx.update(groupbuyMembers).set({ status: 'released' }).where(eq(groupbuyMembers.id, member.id)).run()
      const group = groupOr404(member.groupId)
      tx.update(groupbuyCampaigns)
        .set({ stock: sql`${groupbuyCampaigns.stock} + 1` })
        .where(eq(groupbuyCampaigns.id, group.campaignId))
        .run()
      if (member.isLeader) {
        tx.update(groupbuyGroups)
          .set({ status: 'cancelled', closedAt: at })
          .where(and(eq(groupbuyGroups.id, group.id), eq(groupbuyGroups.status, 'pending')))
          .run()
      }
    },

    /** The deadline passed short of N: the group fails and every paid member is refunded; once. */
    failIfShort(tx: Tx, groupId: number, at: Date): void {
      const failed = tx
        .update(groupbuyGroups)
        .set({ status: 'failed', closedAt: at })
        .where(and(eq(groupbuyGroups.id, groupId), eq(groupbuyGroups.status, 'open'), sql`${groupbuyGroups.deadline} <= ${at.getTime()}`))
        .returning()
        .get()
      if (!failed) return
      const members = tx.select().from(groupbuyMembers).where(and(eq(groupbuyMembers.groupId, groupId), eq(groupbuyMembers.status, 'paid'))).all()
      for (const member of members) {
        orders.refundPaid(tx, orders.orderOr404(tx, member.orderId), '拼团未成功，自动退款', at)
        tx.update(groupbuyMembers).set({ status: 'refunded' }).where(eq(groupbuyMembers.id, member.id)).run()
        recordTimelineEvent(tx, { customerId: member.customerId, type: 'groupbuy_failed', occurredAt: at, data: { groupId, orderId: member.orderId } })
      }
      tx.update(groupbuyCampaigns)
        .set({ stock: sql`${groupbuyCampaigns.stock} + ${members.length}` })
        .where(eq(groupbuyCampaigns.id, failed.campaignId))
        .run()
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
    const service = createGroupbuyService({ db: app.db, now: () => app.now(), scheduler: app.scheduler, orders: app.orders })
    app.orders.defineKind('groupbuy', { checkPayable: service.checkPayable, admit: service.admit, canComplete: service.canComplete }, service.groupIdOfOrder)
    app.orders.hooks.cancelled.push((tx, order, at) => {
      if (order.kind === 'groupbuy') service.releaseSeat(tx, order, at)
    })
    app.orders.hooks.paid.push((_tx, order) => {
      if (order.kind === 'groupbuy') reportActivity(app, order.customerId, 'groupbuy_joined')
    })
    app.scheduler.define(GROUP_DEADLINE_JOB, ({ tx, job, now }) => service.failIfShort(tx, (job.payload as { groupId: number }).groupId, now))
    app.decorate('groupbuy', service)
  },
  { name: 'groupbuy', dependencies: ['db', 'clock', 'scheduler', 'orders', 'tag-rules'] },
)
