import fp from 'fastify-plugin'
import { and, count, desc, eq, gt, gte, inArray, isNotNull, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm'
import {
  addDays,
  businessDate,
  medianOfBuckets,
  PURCHASED_ORDER_STATUSES,
  RECOMMENDATION_RULES,
  recommendNext,
  startOfBusinessDay,
  type CatalogProduct,
  type ChatMessage,
  type CustomerRecommendations,
  type PurchasePatterns,
  type Recommendation,
  type RecommendationStats,
  type RecommendationStatsQuery,
  type SendRecommendationRequest,
  type SendRecommendationResponse,
} from '@liuliang/shared'
import type { CustomerService } from '../customers/customer-service'
import { joinedInStep, type CustomerRange } from '../customers/customer-steps'
import { first, placeholderFor, prepared, runStatement, type DbOrTx, type Tx } from '../db'
import { selectBoundRows } from '../db/bound-rows'
import { idList, inIdList } from '../db/id-list'
import {
  orderItems,
  orders,
  products,
  recommendationSends,
  repurchaseGapTallies,
  repurchaseIntervals,
  staff,
  togetherPurchases,
  togetherPurchaseTallies,
} from '../db/schema'
import { badRequest, conflict, notFound } from '../errors'
import { serviceDeps, type ServiceDeps } from '../services'
import { addToGroup } from '../grouping'

const DAY_MS = 86_400_000
/** Products kept per product as bought together. */
const TOGETHER_KEPT = 5
/** The stats' range when none is given, and the longest it answers. */
const DEFAULT_RANGE_DAYS = 30
const MAX_RANGE_DAYS = 366
/** Sends the console's customer view lists, newest first. */
const RECENT_SENDS = 10
/** WeCom opens a mini-program card's page only with the .html suffix. */
const productPage = (productId: number) => `packages/shop/product/index.html?id=${productId}`

const purchased = sql.join(
  PURCHASED_ORDER_STATUSES.map((status) => sql`${status}`),
  sql`, `,
)
const purchasedOrder = (alias: string) => sql.raw(`${alias}.status in (`).append(purchased).append(sql.raw(`) and ${alias}.paid_at is not null`))
/** Sends followed by a purchase of their product. */
const boughtSends = sql<number>`sum(case when ${recommendationSends.hitOrderId} is not null then 1 else 0 end)`
/** A purchase's day, integer division on both engines (times are milliseconds). */
const dayOf = (column: string) => sql.raw(`${column} / ${DAY_MS}`)

/**
 * The paid orders of a step's customers (`from customers c cross join orders o where …`): the
 * customers' ids drive the statement, where SQLite would otherwise read every order of a status, and
 * each customer's purchases are all in one step.
 */
const stepPurchases = (step: CustomerRange) => sql`${joinedInStep(step, 'o.customer_id')} and ${purchasedOrder('o')}`

/**
 * The days between purchases of a step's customers, counted per product or category and gap, from
 * distinct purchase days per customer.
 */
function gapsOf(subject: 'product' | 'category', step: CustomerRange): SQL {
  const key = subject === 'product' ? sql.raw('i.product_id') : sql.raw('p.category_id')
  const join = subject === 'product' ? sql`` : sql` join products p on p.id = i.product_id and p.category_id is not null`
  return sql`select cast(${subject} as text) as kind, subject_id as a, gap as b, count(*) as n from (
      select subject_id, day - lag(day) over (partition by customer_id, subject_id order by day) as gap from (
        select distinct o.customer_id as customer_id, ${key} as subject_id, ${dayOf('o.paid_at')} as day
        from customers c cross join orders o join order_items i on i.order_id = o.id${join}
        where ${stepPurchases(step)}
      ) as days
    ) as gaps
    where gap is not null
    group by subject_id, gap`
}

/** The orders of a step's customers per pair of products bought together. */
const pairsOf = (step: CustomerRange) =>
  sql`select cast('pair' as text) as kind, a.product_id as a, b.product_id as b, count(distinct a.order_id) as n
    from customers c cross join orders o
      join order_items a on a.order_id = o.id
      join order_items b on b.order_id = a.order_id and b.product_id <> a.product_id
    where ${stepPurchases(step)}
    group by a.product_id, b.product_id`

/** A step's counts for the purchase patterns: a gap (`a` the product or category, `b` the days) or a pair (`a` with `b`). */
export interface PatternTally {
  kind: 'product' | 'category' | 'pair'
  a: number | string
  b: number | string
  n: number | string
}

const GAP_COLUMNS = { subject: 'text', subject_id: 'integer', days: 'integer', purchases: 'integer' } as const
const PAIR_COLUMNS = { product_id: 'integer', with_product_id: 'integer', orders: 'integer' } as const

/** What a customer bought and paid for by `at`: where their recommendations start. */
const purchasedBy = and(
  eq(orders.customerId, sql.placeholder('customerId')),
  inArray(orders.status, [...PURCHASED_ORDER_STATUSES]),
  isNotNull(orders.paidAt),
  lte(orders.paidAt, placeholderFor(orders.paidAt, 'at')),
)
const purchases = (handle: DbOrTx) =>
  handle
    .select({ productId: orderItems.productId, categoryId: products.categoryId, paidAt: orders.paidAt })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .innerJoin(products, eq(products.id, orderItems.productId))
    .where(purchasedBy)
const purchaseHistory = prepared(purchases)

// The statements below select by the products (`productIds`) and categories (`categoryIds`) of the
// purchases just read, bound as id lists: each is built once, whatever the lists' lengths.
/** The repurchase intervals of the products bought and of their categories. */
const patternIntervals = prepared((handle: DbOrTx) =>
  handle
    .select()
    .from(repurchaseIntervals)
    .where(
      or(
        and(eq(repurchaseIntervals.subject, 'product'), inIdList(repurchaseIntervals.subjectId, 'productIds')),
        and(eq(repurchaseIntervals.subject, 'category'), inIdList(repurchaseIntervals.subjectId, 'categoryIds')),
      ),
    ),
)

/** What others bought with the products bought. */
const boughtTogether = prepared((handle: DbOrTx) => handle.select().from(togetherPurchases).where(inIdList(togetherPurchases.productId, 'productIds')))

/** The products bought and those bought with them: every product a recommendation may name. */
const catalogFor = prepared((handle: DbOrTx) =>
  handle
    .select({ id: products.id, name: products.name, imageUrl: products.imageUrl, priceFen: products.priceFen, active: products.active })
    .from(products)
    .where(
      or(
        inIdList(products.id, 'productIds'),
        inArray(products.id, handle.select({ id: togetherPurchases.withProductId }).from(togetherPurchases).where(inIdList(togetherPurchases.productId, 'productIds'))),
      ),
    ),
)

export interface RecommendationDeps extends ServiceDeps {
  customers: CustomerService
  timeZone: string
  appId: string
}

type StaffMember = { id: number; isAdmin: boolean }

export function createRecommendationService({ db, now, customers, timeZone, appId }: RecommendationDeps) {
  /** The customer's likely next purchases as of `at`. */
  const recommendationsFor = async (tx: DbOrTx, customerId: number, at: Date): Promise<Recommendation[]> => {
    const history = await purchaseHistory(tx, { customerId, at })
    if (history.length === 0) return []
    const bought = {
      productIds: idList([...new Set(history.map((item) => item.productId))]),
      categoryIds: idList([...new Set(history.flatMap((item) => (item.categoryId === null ? [] : [item.categoryId])))]),
    }
    // Read together: on PostgreSQL they share a round trip.
    const [intervals, pairs, catalogRows] = await Promise.all([
      patternIntervals(tx, bought),
      boughtTogether(tx, { productIds: bought.productIds }),
      catalogFor(tx, { productIds: bought.productIds }),
    ])
    const together = new Map<number, { productId: number; orders: number }[]>()
    for (const pair of pairs) addToGroup(together, pair.productId, { productId: pair.withProductId, orders: pair.orders })
    const of = (subject: string) => new Map(intervals.filter((row) => row.subject === subject).map((row) => [row.subjectId, row.medianDays]))
    return recommendNext(
      history.map((item) => ({ productId: item.productId, categoryId: item.categoryId, purchasedAt: item.paidAt as Date })),
      { productIntervals: of('product'), categoryIntervals: of('category'), together },
      new Map(catalogRows.map((row) => [row.id, row])),
      at,
    )
  }

  const rangeOf = (query: RecommendationStatsQuery) => {
    const today = businessDate(now(), timeZone)
    const to = query.to ?? today
    const from = query.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1))
    if (from > to) throw badRequest('INVALID_RANGE', '开始日期不能晚于结束日期')
    if (new Date(to).getTime() - new Date(from).getTime() >= MAX_RANGE_DAYS * DAY_MS) throw badRequest('INVALID_RANGE', `日期范围最长 ${MAX_RANGE_DAYS} 天`)
    return { from, to, start: startOfBusinessDay(from, timeZone), end: startOfBusinessDay(addDays(to, 1), timeZone) }
  }

  const service = {
    recommendationsFor,

    /**
     * The counts one step of the daily rebuild of the brand's patterns adds, from its customers' paid,
     * unrefunded orders: read apart, as reading the step's orders is most of the rebuild.
     */
    readTallies: (step: CustomerRange): Promise<PatternTally[]> =>
      db.readApart<PatternTally>(sql`${gapsOf('product', step)} union all ${gapsOf('category', step)} union all ${pairsOf(step)}`),

    /** Adds a step's counts to the run's. */
    async tallyPatterns(tx: Tx, run: string, tallies: PatternTally[]): Promise<void> {
      const gaps = tallies.flatMap((t) => (t.kind === 'pair' ? [] : [[t.kind, Number(t.a), Number(t.b), Number(t.n)]]))
      const pairs = tallies.flatMap((t) => (t.kind === 'pair' ? [[Number(t.a), Number(t.b), Number(t.n)]] : []))
      if (gaps.length > 0) {
        await runStatement(
          tx,
          sql`insert into repurchase_gap_tallies (run, subject, subject_id, days, purchases)
            select cast(${run} as text), subject, subject_id, days, purchases from (${selectBoundRows(GAP_COLUMNS, gaps)}) as bound
            where true
            on conflict (run, subject, subject_id, days) do update set purchases = repurchase_gap_tallies.purchases + excluded.purchases`,
        )
      }
      if (pairs.length > 0) {
        await runStatement(
          tx,
          sql`insert into together_purchase_tallies (run, product_id, with_product_id, orders)
            select cast(${run} as text), product_id, with_product_id, orders from (${selectBoundRows(PAIR_COLUMNS, pairs)}) as bound
            where true
            on conflict (run, product_id, with_product_id) do update set orders = together_purchase_tallies.orders + excluded.orders`,
        )
      }
    },

    /**
     * The rebuild's end, once every customer is counted: intervals per product and category, and the
     * products most often bought together, replace the day before's.
     */
    async settlePatterns(tx: Tx, run: string): Promise<void> {
      const buckets = await tx
        .select({ subject: repurchaseGapTallies.subject, subjectId: repurchaseGapTallies.subjectId, value: repurchaseGapTallies.days, n: repurchaseGapTallies.purchases })
        .from(repurchaseGapTallies)
        .where(eq(repurchaseGapTallies.run, run))
      const histograms = new Map<string, { subject: 'product' | 'category'; subjectId: number; buckets: { value: number; n: number }[] }>()
      for (const { subject, subjectId, value, n } of buckets) {
        const key = `${subject}:${subjectId}`
        const histogram = histograms.get(key) ?? { subject, subjectId, buckets: [] }
        histogram.buckets.push({ value, n })
        histograms.set(key, histogram)
      }
      const intervals = [...histograms.values()].map(({ subject, subjectId, buckets }) => ({
        subject,
        subjectId,
        medianDays: medianOfBuckets(buckets) as number,
        samples: buckets.reduce((sum, bucket) => sum + bucket.n, 0),
      }))
      await tx.delete(repurchaseIntervals)
      for (let i = 0; i < intervals.length; i += 500) await tx.insert(repurchaseIntervals).values(intervals.slice(i, i + 500))

      const pairs = await tx
        .select({ productId: togetherPurchaseTallies.productId, withProductId: togetherPurchaseTallies.withProductId, orders: togetherPurchaseTallies.orders })
        .from(togetherPurchaseTallies)
        .where(and(eq(togetherPurchaseTallies.run, run), gte(togetherPurchaseTallies.orders, RECOMMENDATION_RULES.minTogetherOrders)))
      const kept = new Map<number, typeof pairs>()
      for (const pair of pairs) addToGroup(kept, pair.productId, pair)
      const together = [...kept.values()].flatMap((list) => list.sort((a, b) => b.orders - a.orders || a.withProductId - b.withProductId).slice(0, TOGETHER_KEPT))
      await tx.delete(togetherPurchases)
      for (let i = 0; i < together.length; i += 500) await tx.insert(togetherPurchases).values(together.slice(i, i + 500))

      await service.dropTallies(tx, run)
    },

    /** Clears a run's counts: once its patterns are settled, or when it is given up. */
    async dropTallies(tx: Tx, run: string): Promise<void> {
      await tx.delete(repurchaseGapTallies).where(eq(repurchaseGapTallies.run, run))
      await tx.delete(togetherPurchaseTallies).where(eq(togetherPurchaseTallies.run, run))
    },

    /** The brand's usual interval of each product and category, for the lead centre's repurchase rule. */
    async patterns(tx: DbOrTx): Promise<PurchasePatterns> {
      const rows = await tx.select().from(repurchaseIntervals)
      const of = (subject: string) => new Map(rows.filter((row) => row.subject === subject).map((row) => [row.subjectId, row.medianDays]))
      return { productIntervals: of('product'), categoryIntervals: of('category'), together: new Map() }
    },

    /**
     * The product card for a recommendation the guide sends into the chat, recorded once per request
     * id; a product no longer recommended to this customer is refused.
     */
    async send(member: StaffMember, externalUserId: string, productId: number, request: SendRecommendationRequest): Promise<SendRecommendationResponse> {
      const at = now()
      const customer = await customers.visibleToStaff(member, externalUserId)
      const recommendation = (await recommendationsFor(db, customer.id, at)).find((item) => item.productId === productId)
      if (!recommendation) throw notFound('NOT_RECOMMENDED', '这件商品现在不在给这位客户的推荐里')
      await db.transaction(async (tx) => {
        const earlier = await first(
          tx.select().from(recommendationSends).where(and(eq(recommendationSends.staffId, member.id), eq(recommendationSends.requestId, request.requestId))),
        )
        if (earlier && (earlier.customerId !== customer.id || earlier.productId !== productId)) {
          throw conflict('REQUEST_ID_REUSED', '这个请求编号已用于另一次发送')
        }
        if (earlier) return
        await tx
          .insert(recommendationSends)
          .values({ customerId: customer.id, staffId: member.id, productId, reason: recommendation.reason, requestId: request.requestId, sentAt: at })
          .onConflictDoNothing()
      })
      const message: ChatMessage = recommendation.imageUrl
        ? { msgtype: 'miniprogram', miniprogram: { appid: appId, title: recommendation.productName, imgUrl: recommendation.imageUrl, page: productPage(productId) } }
        : { msgtype: 'text', text: { content: `为您推荐「${recommendation.productName}」，在小程序商城即可购买` } }
      return { message }
    },

    /** A paid order is the hit of each recommendation of its products sent to the customer within the window before it. */
    async recordHits(tx: Tx, order: { id: number; customerId: number }, at: Date): Promise<void> {
      const items = await tx.select({ productId: orderItems.productId }).from(orderItems).where(eq(orderItems.orderId, order.id))
      if (items.length === 0) return
      await tx
        .update(recommendationSends)
        .set({ hitOrderId: order.id })
        .where(
          and(
            eq(recommendationSends.customerId, order.customerId),
            inArray(recommendationSends.productId, items.map((item) => item.productId)),
            isNull(recommendationSends.hitOrderId),
            lte(recommendationSends.sentAt, at),
            gt(recommendationSends.sentAt, new Date(at.getTime() - RECOMMENDATION_RULES.hitWindowDays * DAY_MS)),
          ),
        )
    },

    /** One customer's recommendations for the console: those now, and how the cards guides sent went. */
    async forCustomer(customerId: number): Promise<CustomerRecommendations> {
      const at = now()
      const customer = await customers.getById(customerId)
      const items = await recommendationsFor(db, customer.id, at)
      const ofCustomer = eq(recommendationSends.customerId, customer.id)
      const totals = await first(db.select({ sends: count(), bought: boughtSends }).from(recommendationSends).where(ofCustomer))
      const recent = await db
        .select({
          productId: recommendationSends.productId,
          productName: products.name,
          userId: staff.userId,
          name: staff.name,
          reason: recommendationSends.reason,
          sentAt: recommendationSends.sentAt,
          hitOrderId: recommendationSends.hitOrderId,
        })
        .from(recommendationSends)
        .innerJoin(products, eq(products.id, recommendationSends.productId))
        .innerJoin(staff, eq(staff.id, recommendationSends.staffId))
        .where(ofCustomer)
        .orderBy(desc(recommendationSends.sentAt), desc(recommendationSends.id))
        .limit(RECENT_SENDS)
      return {
        items,
        sends: Number(totals?.sends ?? 0),
        bought: Number(totals?.bought ?? 0),
        recentSends: recent.map((send) => ({
          productId: send.productId,
          productName: send.productName,
          staff: { userId: send.userId, name: send.name },
          reason: send.reason,
          sentAt: send.sentAt.toISOString(),
          bought: send.hitOrderId !== null,
        })),
      }
    },

    /** Sends in the range per guide and how many were bought. */
    async stats(query: RecommendationStatsQuery): Promise<RecommendationStats> {
      const range = rangeOf(query)
      const rows = await db
        .select({
          userId: staff.userId,
          name: staff.name,
          sends: count(),
          hits: boughtSends,
        })
        .from(recommendationSends)
        .innerJoin(staff, eq(staff.id, recommendationSends.staffId))
        .where(and(gte(recommendationSends.sentAt, range.start), lt(recommendationSends.sentAt, range.end)))
        .groupBy(staff.userId, staff.name)
        .orderBy(staff.userId)
      return {
        from: range.from,
        to: range.to,
        rows: rows.map((row) => ({ staff: { userId: row.userId, name: row.name }, sends: Number(row.sends), hits: Number(row.hits ?? 0) })),
      }
    },
  }
  return service
}

export type RecommendationService = ReturnType<typeof createRecommendationService>

declare module 'fastify' {
  interface FastifyInstance {
    recommendations: RecommendationService
  }
}

export default fp<{ timeZone: string; appId: string }>(
  async (app, { timeZone, appId }) => {
    const service = createRecommendationService({ ...serviceDeps(app), customers: app.customers, timeZone, appId })
    app.decorate('recommendations', service)
    app.customer360.registerSection('recommendations', async (tx, customer, at) => {
      const items = await service.recommendationsFor(tx, customer.id, at)
      return items.length ? { items } : null
    })
    app.orders.hooks.paid.push((tx, order, at) => service.recordHits(tx, order, at))
  },
  { name: 'recommendations', dependencies: ['db', 'clock', 'customers', 'customer-360', 'orders'] },
)
