import fp from 'fastify-plugin'
import { and, asc, eq, gte, lt, lte, max, sql, type SQL } from 'drizzle-orm'
import {
  addDays,
  businessDate,
  PURCHASED_ORDER_STATUSES,
  RFM_SEGMENT_SCORES,
  RFM_SEGMENTS,
  startOfBusinessDay,
  suggestThresholds,
  type RfmDay,
  type RfmRecomputeResult,
  type RfmSection,
  type RfmSegment,
  type RfmSettings,
  type RfmSuggestion,
  type RfmSuggestionQuery,
  type RfmSummary,
  type RfmSummaryQuery,
} from '@liuliang/shared'
import { customerWalkJob, joinedInStep, walkCustomers, type CustomerRange, type CustomerStep } from '../customers/customer-steps'
import { first, prepared, runStatement, type DbOrTx, type Tx } from '../db'
import { selectBoundRows } from '../db/bound-rows'
import { customerRfm, customers, rfmDailyCounts, rfmDayStarts, rfmRuns } from '../db/schema'
import { badRequest } from '../errors'
import type { Scheduler } from '../scheduler/scheduler'
import { serviceDeps, type ServiceDeps } from '../services'
import type { SettingsService } from '../settings/settings-service'

export const RFM_DAILY_JOB = 'rfm-daily'
/** The daily run's steps, a few thousand customers a job. */
export const RFM_STEP_JOB = 'rfm-step'

const DAY_MS = 86_400_000
/**
 * The daily run works for seconds at a million customers, if in short steps: at 04:00, away from the
 * rush of check-ins when the business day turns.
 */
const RUN_AFTER_MIDNIGHT_MS = 4 * 3600_000
/** The longest range the summary answers, as the dashboard's. */
const MAX_SUMMARY_DAYS = 366

/**
 * Whose orders a computation reads: every buyer's, one customer's, or a step's customers' (driven by
 * their ids: SQLite would otherwise read every order of a status).
 */
type Buyers = { customerId: number } | CustomerRange | undefined

const ordersOf = (buyers: Buyers) => (buyers && !('customerId' in buyers) ? sql`customers c cross join orders` : sql`orders`)
const ofBuyers = (buyers: Buyers) => {
  if (buyers === undefined) return sql``
  if ('customerId' in buyers) return sql` and customer_id = ${buyers.customerId}`
  return sql` and ${joinedInStep(buyers, 'orders.customer_id')}`
}
/** Refunds of the buyers' orders: every brand's refunds would be summed on each payment otherwise. */
const ofBuyersOrders = (buyers: Buyers) => {
  if (buyers === undefined) return sql``
  if ('customerId' in buyers) return sql` and order_id in (select id from orders where customer_id = ${buyers.customerId})`
  return sql` and order_id in (select id from orders where customer_id > ${buyers.after} and customer_id <= ${buyers.upTo})`
}

const purchased = sql.join(
  PURCHASED_ORDER_STATUSES.map((status) => sql`${status}`),
  sql`, `,
)

/** Orders that are purchases as of `at`: what the audience filter means by one, a paid or completed order (a refunded one is neither). */
const purchasedBy = (at: Date) => sql`status in (${purchased}) and paid_at <= ${at.getTime()}`

/**
 * Every buyer's figures as of `at`, one aggregate pass over orders: last purchase ever, orders and
 * spend in the window, each purchase at its paidAt for its amountFen less what after-sales refunds gave
 * back (asked or done; a refund that failed gave nothing). Times are milliseconds on both engines.
 */
function figures(rules: Pick<RfmSettings, 'windowDays'>, at: Date, buyers?: Buyers): SQL {
  const windowStart = at.getTime() - rules.windowDays * DAY_MS
  return sql`select customer_id,
      max(paid_at) as last_purchased_at,
      sum(case when paid_at >= ${windowStart} then 1 else 0 end) as orders,
      sum(case when paid_at >= ${windowStart} then amount_fen - coalesce(given_back.fen, 0) else 0 end) as spend_fen
    from ${ordersOf(buyers)}
    left join (
      select order_id, sum(amount_fen) as fen from refunds
      where after_sale_id is not null and status <> 'failed'${ofBuyersOrders(buyers)}
      group by order_id
    ) as given_back on given_back.order_id = orders.id
    where ${purchasedBy(at)}${ofBuyers(buyers)}
    group by customer_id`
}

/** M over the figures' columns, as the brand reads it; an average rounds down (integer division on both engines). */
const monetary = (rules: Pick<RfmSettings, 'monetaryMode'>) =>
  rules.monetaryMode === 'total' ? sql`spend_fen` : sql`case when orders > 0 then spend_fen / orders else 0 end`

/** The segment over the figures' columns: the eight (R, F, M) cases, from the shared table of scores. */
function segmentCase(rules: RfmSettings, at: Date): SQL {
  // Whole days since the last purchase at most recencyDays: within recencyDays + 1 days.
  const recent = sql`last_purchased_at > ${at.getTime() - (rules.recencyDays + 1) * DAY_MS}`
  const frequent = sql`orders >= ${rules.frequencyOrders}`
  const valuable = sql`${monetary(rules)} >= ${rules.monetaryFen}`
  const is = (condition: SQL, high: boolean) => (high ? sql`(${condition})` : sql`not (${condition})`)
  const cases = RFM_SEGMENTS.map((segment) => {
    const scores = RFM_SEGMENT_SCORES[segment]
    return sql`when ${is(recent, scores.recency)} and ${is(frequent, scores.frequency)} and ${is(valuable, scores.monetary)} then cast(${segment} as text)`
  })
  return sql`case ${sql.join(cases, sql` `)} end`
}

/** Where the median sits in n sorted values: the middle one, or the middle two. */
const middlePositions = (n: number) => (n % 2 === 1 ? [(n - 1) / 2] : [n / 2 - 1, n / 2])

/** The median of values given as (value, how many) buckets, at the middle positions. */
function medianOfHistogram(buckets: { value: number; n: number }[], positions: number[]): number {
  const sorted = [...buckets].sort((a, b) => a.value - b.value)
  const at = (position: number) => {
    let seen = 0
    for (const bucket of sorted) {
      seen += bucket.n
      if (position < seen) return bucket.value
    }
    throw new Error(`no value at position ${position}`)
  }
  return positions.reduce((sum, position) => sum + at(position), 0) / positions.length
}

/** One customer's row, for every 360 view: built once (see `prepared`). */
const rfmRowOf = prepared((handle: DbOrTx) => handle.select().from(customerRfm).where(eq(customerRfm.customerId, sql.placeholder('customerId'))))

export interface RfmDeps extends ServiceDeps {
  timeZone: string
  settings: SettingsService
}

/**
 * Each buyer's figures as of `at` with their segment and M, in customer_rfm's columns (but its time).
 * The one computation behind both the daily run and one customer's refresh.
 */
function scored(rules: RfmSettings, at: Date, buyers: Buyers): SQL {
  // M as a whole number, as customer_rfm keeps it: PostgreSQL's sums are numeric, and an average would
  // otherwise never equal the stored value.
  return sql`select customer_id, ${segmentCase(rules, at)} as segment, last_purchased_at, orders, spend_fen, cast(${monetary(rules)} as bigint) as monetary_fen
    from (${figures(rules, at, buyers)}) as figures`
}

/** A customer_rfm row's figures as a step read them, beside what they move to. */
const storedAsRead = sql.raw(`customer_rfm.segment as was_segment, customer_rfm.last_purchased_at as was_last_purchased_at,
  customer_rfm.orders as was_orders, customer_rfm.spend_fen as was_spend_fen, customer_rfm.monetary_fen as was_monetary_fen`)

/**
 * Takes every row's segment as the day's where it moved since the latest daily run. Its condition is
 * the one `customer_rfm_day_moved` holds: the rows are found in that index, not by reading every row.
 */
export const keepDaySegments = sql`update customer_rfm set day_segment = segment where coalesce(day_segment, '') <> coalesce(segment, '')`

const MOVE_COLUMNS = {
  customer_id: 'integer',
  is_new: 'integer',
  segment: 'text',
  last_purchased_at: 'bigint',
  orders: 'bigint',
  spend_fen: 'bigint',
  monetary_fen: 'bigint',
  was_segment: 'text',
  was_last_purchased_at: 'bigint',
  was_orders: 'bigint',
  was_spend_fen: 'bigint',
  was_monetary_fen: 'bigint',
} as const
const MOVE_FIELDS = Object.keys(MOVE_COLUMNS) as (keyof typeof MOVE_COLUMNS)[]
/** A row a step moves, in `MOVE_COLUMNS`' order. */
type RfmMove = (number | string | null)[]

/** How many customers went from one segment to another on a day's run. */
type RfmDayMove = { fromSegment: RfmSegment | null; toSegment: RfmSegment | null; customers: number }

/** A customer_rfm row whose figures differ from the computed ones in `next`: the rows a run writes, few of them on a daily run. */
const differs = (next: string) =>
  sql.raw(`coalesce(customer_rfm.segment, '') <> coalesce(${next}.segment, '')
    or coalesce(customer_rfm.last_purchased_at, -1) <> ${next}.last_purchased_at
    or customer_rfm.orders <> ${next}.orders
    or customer_rfm.spend_fen <> ${next}.spend_fen
    or customer_rfm.monetary_fen <> ${next}.monetary_fen`)

export function createRfmService({ db, now, timeZone, settings }: RfmDeps) {
  /** One customer's row as of `at`: an upsert from their own orders, in the unit of work that moved one. */
  const refreshOne = async (tx: Tx, at: Date, customerId: number) => {
    const rules = await settings.rfmRules(tx)
    await runStatement(
      tx,
      sql`insert into customer_rfm (customer_id, segment, last_purchased_at, orders, spend_fen, monetary_fen, computed_at)
        select customer_id, segment, last_purchased_at, orders, spend_fen, monetary_fen, cast(${at.getTime()} as bigint)
        from (${scored(rules, at, { customerId })}) as scored
        where true
        on conflict (customer_id) do update set
          segment = excluded.segment,
          last_purchased_at = excluded.last_purchased_at,
          orders = excluded.orders,
          spend_fen = excluded.spend_fen,
          monetary_fen = excluded.monetary_fen,
          computed_at = excluded.computed_at
        where ${differs('excluded')}`,
    )
    await runStatement(
      tx,
      sql`update customer_rfm
        set segment = null, last_purchased_at = null, orders = 0, spend_fen = 0, monetary_fen = 0, computed_at = ${at.getTime()}
        where customer_id = ${customerId} and last_purchased_at is not null
          and not exists (select 1 from orders where orders.customer_id = customer_rfm.customer_id and ${purchasedBy(at)})`,
    )
  }

  /**
   * A step's customers whose rows move as of `at`: the computed figures meet their customer_rfm rows in
   * one statement that keeps only what moved (new buyers, changed figures, buyers left with no purchase:
   * few rows on a daily run), with the row as it was read. Read apart, before the step's unit of work:
   * the step's orders are most of a run. An upsert of every buyer took a key probe and a conflict check
   * per buyer and a second pass over orders for those left with none, most of the run on PostgreSQL at
   * a million customers (bench/README.md).
   */
  const readMoves = async (step: CustomerRange, at: Date): Promise<RfmMove[]> => {
    const rules = await settings.rfmRules()
    const rows = await db.readApart<Record<(typeof MOVE_FIELDS)[number], number | string | null>>(
      // The buyers whose figures are new or moved, then the step's rows left with no purchase. (A full
      // join of the two had SQLite compare every pair of a step's rows.)
      sql`with computed as (${scored(rules, at, step)})
        select computed.customer_id, case when customer_rfm.customer_id is null then 1 else 0 end as is_new,
          computed.segment, computed.last_purchased_at, computed.orders, computed.spend_fen, computed.monetary_fen, ${storedAsRead}
        from computed left join customer_rfm on customer_rfm.customer_id = computed.customer_id
        where customer_rfm.customer_id is null or (${differs('computed')})
        union all
        select customer_id, 0, null, null, 0, 0, 0, ${storedAsRead} from customer_rfm
        where customer_id > ${step.after} and customer_id <= ${step.upTo} and last_purchased_at is not null
          and customer_id not in (select customer_id from computed)`,
    )
    // PostgreSQL answers its bigints as text.
    return rows.map((row) => MOVE_FIELDS.map((field) => (row[field] === null || MOVE_COLUMNS[field] === 'text' ? row[field] : Number(row[field]))))
  }

  /**
   * Writes a step's moves as of `at`, each only if its row is still as it was read (a payment's refresh
   * since then has the newer figures). A daily run (`day`) also sets the rows it writes as the day's
   * segment, so they are written once, after a new day's first run has kept each row's segment of the
   * day before.
   */
  const writeMoves = async (tx: Tx, step: CustomerStep, at: Date, moves: RfmMove[], day?: string) => {
    const asTheDays = day !== undefined
    if (asTheDays) await startDay(tx, day, step)
    if (moves.length === 0) return
    const computedAt = sql`cast(${at.getTime()} as bigint)`
    // Kept in a temporary table: SQLite joins a table of its own by the key, where it would read the
    // whole of customer_rfm against rows bound as one value.
    await runStatement(
      tx,
      sql`create temporary table rfm_moved (
        customer_id integer not null, is_new integer not null,
        segment text, last_purchased_at bigint, orders bigint, spend_fen bigint, monetary_fen bigint,
        was_segment text, was_last_purchased_at bigint, was_orders bigint, was_spend_fen bigint, was_monetary_fen bigint)`,
    )
    await runStatement(tx, sql`insert into rfm_moved select * from (${selectBoundRows(MOVE_COLUMNS, moves)}) as bound`)
    await runStatement(
      tx,
      sql`update customer_rfm
        set segment = rfm_moved.segment, last_purchased_at = rfm_moved.last_purchased_at, orders = rfm_moved.orders,
          spend_fen = rfm_moved.spend_fen, monetary_fen = rfm_moved.monetary_fen, computed_at = ${computedAt}${
            asTheDays ? sql`, day_segment = rfm_moved.segment` : sql``
          }
        from rfm_moved
        where rfm_moved.customer_id = customer_rfm.customer_id and rfm_moved.is_new = 0
          and coalesce(customer_rfm.segment, '') = coalesce(rfm_moved.was_segment, '')
          and coalesce(customer_rfm.last_purchased_at, -1) = coalesce(rfm_moved.was_last_purchased_at, -1)
          and customer_rfm.orders = rfm_moved.was_orders and customer_rfm.spend_fen = rfm_moved.was_spend_fen
          and customer_rfm.monetary_fen = rfm_moved.was_monetary_fen`,
    )
    await runStatement(
      tx,
      sql`insert into customer_rfm (customer_id, segment, last_purchased_at, orders, spend_fen, monetary_fen, computed_at, day_segment)
        select customer_id, segment, last_purchased_at, orders, spend_fen, monetary_fen, ${computedAt}, ${asTheDays ? sql`segment` : sql`null`}
        from rfm_moved
        where is_new = 1
        on conflict (customer_id) do nothing`,
    )
    await runStatement(tx, sql`drop table rfm_moved`)
  }

  /**
   * A day's run starts its moves from each row's segment at the previous run's day, kept once per
   * step of the day: a second walk that day, at the same time or after, starts from the same day
   * before (`rfm_day_starts`: on PostgreSQL the second walk's claim waits for the first's and then
   * finds the step kept).
   */
  const startDay = async (tx: Tx, date: string, step: CustomerStep) => {
    const claimed = await tx
      .insert(rfmDayStarts)
      .values({ date, keptUpTo: step.upTo })
      .onConflictDoUpdate({ target: rfmDayStarts.date, set: { keptUpTo: step.upTo }, where: lt(rfmDayStarts.keptUpTo, step.upTo) })
      .returning({ date: rfmDayStarts.date })
    if (claimed.length > 0) {
      await runStatement(
        tx,
        sql`update customer_rfm set prior_segment = day_segment
          where customer_id > ${step.after} and customer_id <= ${step.upTo} and coalesce(prior_segment, '') <> coalesce(day_segment, '')`,
      )
    }
  }

  /**
   * The day's moves: how many customers went from their segment at the previous run's day to their
   * segment now, without a row per customer per day. Read apart, before the run's last unit of work:
   * grouping every row was most of that unit's time on a million customers. A payment that moves a
   * customer between the reading and that unit of work is in neither that day's moves nor the next's.
   */
  const readDayMoves = async (): Promise<RfmDayMove[]> => {
    const rows = await db.readApart<{ from_segment: RfmSegment | null; to_segment: RfmSegment | null; customers: number | string }>(
      sql`select prior_segment as from_segment, segment as to_segment, count(*) as customers
        from customer_rfm
        where prior_segment is not null or segment is not null
        group by prior_segment, segment`,
    )
    return rows.map((row) => ({ fromSegment: row.from_segment, toSegment: row.to_segment, customers: Number(row.customers) }))
  }

  /**
   * The day's snapshot, of the moves as read; rows the run did not write but an order moved since the
   * last run take their segment as the day's.
   */
  const snapshot = async (tx: Tx, date: string, moves: RfmDayMove[]) => {
    await tx.delete(rfmDailyCounts).where(eq(rfmDailyCounts.date, date))
    if (moves.length > 0) await tx.insert(rfmDailyCounts).values(moves.map((move) => ({ date, ...move })))
    await runStatement(tx, keepDaySegments)
  }

  const service = {
    readMoves,

    /** One step of the day's run: its customers' segments as of `at`, from what `readMoves` read. */
    runDailyStep: (tx: Tx, date: string, step: CustomerStep, at: Date, moves: RfmMove[]): Promise<void> => writeMoves(tx, step, at, moves, date),

    readDayMoves,

    /** The end of the day's run, once every step is done: the day's sizes and moves as read, and the run's record. */
    async finishDaily(tx: Tx, date: string, at: Date, durationMs: number, moves: RfmDayMove[]): Promise<RfmRecomputeResult> {
      await snapshot(tx, date, moves)
      const segmented = moves.reduce((sum, move) => sum + (move.toSegment === null ? 0 : move.customers), 0)
      await tx
        .insert(rfmRuns)
        .values({ date, ranAt: at, segmented, durationMs })
        .onConflictDoUpdate({ target: rfmRuns.date, set: { ranAt: at, segmented, durationMs } })
      await tx.delete(rfmDayStarts).where(lt(rfmDayStarts.date, date))
      return { date, segmented, durationMs }
    },

    /** The day's run as of `at` at once, step by step, each step in a unit of work of its own. */
    async runDay(at: Date): Promise<RfmRecomputeResult> {
      // Elapsed time of the run itself, not business time: the injected clock may stand still.
      const started = performance.now()
      const date = businessDate(at, timeZone)
      await walkCustomers(db, { read: (step) => readMoves(step, at), write: (tx, step, moves) => service.runDailyStep(tx, date, step, at, moves) })
      const moves = await readDayMoves()
      return db.transaction((tx) => service.finishDaily(tx, date, at, Math.round(performance.now() - started), moves))
    },

    /** An admin's "recompute now": the same run as the daily one, for today. */
    recomputeNow: (): Promise<RfmRecomputeResult> => service.runDay(now()),

    /** One customer's row, in the unit of work that paid or refunded their order. */
    refreshCustomer: (tx: Tx, customerId: number, at: Date): Promise<void> => refreshOne(tx, at, customerId),

    settings: (): Promise<RfmSettings> => settings.rfmRules(),

    /** New thresholds take effect at once: segments are recomputed (the day's moves wait for the daily run). */
    async updateSettings(value: RfmSettings): Promise<RfmSettings> {
      const saved = await settings.updateRfmRules(value)
      const at = now()
      await walkCustomers(db, { read: (step) => readMoves(step, at), write: (tx, step, moves) => writeMoves(tx, step, at, moves) })
      return saved
    },

    /** Thresholds at the medians of everyone who bought, for a window and M as given (the saved ones by default). */
    async suggest(query: RfmSuggestionQuery): Promise<RfmSuggestion> {
      const saved = await settings.rfmRules()
      const windowDays = query.windowDays ?? saved.windowDays
      const monetaryMode = query.monetaryMode ?? saved.monetaryMode
      const at = now()
      // Counted in the database, never a row per buyer in memory: R and F as histograms (few distinct
      // values), M at the middle of its order. One statement reads every order once (three took three
      // times as long: 6–10 s at a million customers), apart from the requests' thread.
      // Grouped by position: PostgreSQL tells a repeated expression's parameters apart.
      const recencyDays = sql`(cast(${at.getTime()} as bigint) - last_purchased_at) / cast(${DAY_MS} as bigint)`
      const rows = await db.readApart<{ kind: 'F' | 'R' | 'M'; value: number | string; n: number | string }>(
        sql`with buyers as materialized (${figures({ windowDays }, at)}),
          spend as (select ${monetary({ monetaryMode })} as value, row_number() over (order by ${monetary({ monetaryMode })}) as position,
                           count(*) over () as total from buyers)
          select 'F' as kind, orders as value, count(*) as n from buyers group by 2
          union all
          select 'R', ${recencyDays}, count(*) from buyers group by 2
          union all
          select 'M', value, 1 from spend where position between (total + 1) / 2 and (total + 2) / 2`,
      )
      const buckets = (kind: 'F' | 'R' | 'M') => rows.filter((row) => row.kind === kind).map((row) => ({ value: Number(row.value), n: Number(row.n) }))
      const orders = buckets('F')
      const total = orders.reduce((sum, bucket) => sum + bucket.n, 0)
      if (total === 0) return { windowDays, monetaryMode, buyers: 0, medians: null, suggested: null }
      const middle = middlePositions(total)
      const spend = buckets('M')
      const medians = {
        // Whole days since the last purchase (integer division on both engines; never negative).
        recencyDays: medianOfHistogram(buckets('R'), middle),
        orders: medianOfHistogram(orders, middle),
        monetaryFen: spend.reduce((sum, row) => sum + row.value, 0) / spend.length,
      }
      return { windowDays, monetaryMode, buyers: total, medians, suggested: suggestThresholds(medians, windowDays) }
    },

    /** Sizes now, and each daily run's sizes and moves in the range. */
    async summary({ from, to }: RfmSummaryQuery): Promise<RfmSummary> {
      if (from > to) throw badRequest('INVALID_RANGE', '开始日期不能晚于结束日期')
      if (new Date(to).getTime() - new Date(from).getTime() >= MAX_SUMMARY_DAYS * DAY_MS) {
        throw badRequest('INVALID_RANGE', `日期范围最长 ${MAX_SUMMARY_DAYS} 天`)
      }
      // Today's sizes and when segments last changed read every customer's row: long reads, apart from the
      // requests' thread.
      const [sizes, [whole]] = await Promise.all([
        db.readApart<{ segment: RfmSegment; customers: number | string }>(
          sql`select ${customerRfm.segment} as segment, count(*) as customers from ${customerRfm} where ${customerRfm.segment} is not null group by ${customerRfm.segment}`,
        ),
        db.readApart<{ everyone: number | string; changed: number | string | null }>(
          sql`select (select count(*) from ${customers}) as everyone, (select max(${customerRfm.computedAt}) from ${customerRfm}) as changed`,
        ),
      ])
      const everyone = Number(whole?.everyone ?? 0)
      const sizeOf = (segment: RfmSegment) => Number(sizes.find((row) => row.segment === segment)?.customers ?? 0)
      const segmented = sizes.reduce((sum, row) => sum + Number(row.customers), 0)
      const current = [
        ...RFM_SEGMENTS.map((segment) => ({ segment, customers: sizeOf(segment) })),
        { segment: null, customers: everyone - segmented },
      ]

      const rows = await db
        .select()
        .from(rfmDailyCounts)
        .where(and(gte(rfmDailyCounts.date, from), lte(rfmDailyCounts.date, to)))
        .orderBy(asc(rfmDailyCounts.date), asc(rfmDailyCounts.id))
      const days = new Map<string, RfmDay>()
      for (const row of rows) {
        const day = days.get(row.date) ?? { date: row.date, sizes: [], moves: [] }
        days.set(row.date, day)
        if (row.toSegment !== null) {
          const size = day.sizes.find((entry) => entry.segment === row.toSegment)
          if (size) size.customers += row.customers
          else day.sizes.push({ segment: row.toSegment, customers: row.customers })
        }
        if (row.fromSegment !== row.toSegment) day.moves.push({ from: row.fromSegment, to: row.toSegment, customers: row.customers })
      }
      // A daily run leaves unchanged rows as they were: the latest of its time and the latest change.
      const changed = whole?.changed === null || whole?.changed === undefined ? null : Number(whole.changed)
      const ran = (await first(db.select({ at: max(rfmRuns.ranAt) }).from(rfmRuns)))?.at ?? null
      const latest = [changed, ran === null ? null : new Date(ran).getTime()].filter((at): at is number => at !== null)
      return { current, days: [...days.values()], lastComputedAt: latest.length ? new Date(Math.max(...latest)).toISOString() : null }
    },

    /** The 360 view's section: the figures behind the customer's segment, and how long ago they last bought. */
    async section(tx: DbOrTx, customerId: number, at: Date): Promise<RfmSection> {
      const rules = await settings.rfmRules(tx)
      const row = await first(rfmRowOf(tx, { customerId }))
      const segment = row?.segment ?? null
      return {
        segment,
        lastPurchasedAt: row?.lastPurchasedAt?.toISOString() ?? null,
        recencyDays: row?.lastPurchasedAt ? Math.floor((at.getTime() - row.lastPurchasedAt.getTime()) / DAY_MS) : null,
        orders: row?.orders ?? 0,
        monetaryFen: row?.monetaryFen ?? 0,
        scores: segment === null ? null : RFM_SEGMENT_SCORES[segment],
        windowDays: rules.windowDays,
        monetaryMode: rules.monetaryMode,
        computedAt: row?.computedAt.toISOString() ?? null,
      }
    },

    /** Plans the run of the business day after `at`'s, in its quiet hours. */
    async planNextRun(tx: Tx, scheduler: Scheduler, at: Date): Promise<void> {
      const next = addDays(businessDate(at, timeZone), 1)
      await scheduler.schedule(tx, { kind: RFM_DAILY_JOB, key: next, runAt: new Date(startOfBusinessDay(next, timeZone).getTime() + RUN_AFTER_MIDNIGHT_MS) })
    },
  }
  return service
}

export type RfmService = ReturnType<typeof createRfmService>

declare module 'fastify' {
  interface FastifyInstance {
    rfm: RfmService
  }
}

export default fp<{ timeZone: string }>(
  async (app, { timeZone }) => {
    const service = createRfmService({ ...serviceDeps(app), timeZone, settings: app.settings })
    app.decorate('rfm', service)
    // The day's run is its first step: each step is a short job of its own that plans the next.
    const daily = customerWalkJob(app.scheduler, RFM_STEP_JOB, {
      read: (_date, step, at) => service.readMoves(step, at),
      step: (tx, date, step, at, moves) => service.runDailyStep(tx, date, step, at, moves),
      readToFinish: () => service.readDayMoves(),
      finish: (tx, date, at, elapsedMs, moves) => service.finishDaily(tx, date, at, elapsedMs, moves),
    })
    app.scheduler.define(RFM_DAILY_JOB, async ({ tx, now }) => {
      // The business day it runs on, which is its own unless no server ran on that day.
      await daily.start(tx, businessDate(now, timeZone), now)
      await service.planNextRun(tx, app.scheduler, now)
    })
    // Segments follow each paid order and refund (whole or in part) in the unit of work that moved it.
    const refresh = (tx: Tx, order: { customerId: number }, at: Date) => service.refreshCustomer(tx, order.customerId, at)
    app.orders.hooks.paid.push(refresh)
    app.orders.hooks.refunding.push(refresh)
    app.orders.hooks.partRefunded.push((tx, order, _part, at) => refresh(tx, order, at))
    app.customer360.registerSection('rfm', (tx, customer, now) => service.section(tx, customer.id, now))
    // Today's run, when no server has planned one yet: a new database, or days with no server up.
    const at = app.now()
    await app.db.transaction((tx) => app.scheduler.schedule(tx, { kind: RFM_DAILY_JOB, key: businessDate(at, timeZone), runAt: at }))
  },
  { name: 'rfm', dependencies: ['db', 'clock', 'scheduler', 'settings', 'orders', 'customer-360'] },
)
