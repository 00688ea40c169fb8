import { and, eq, exists, gte, inArray, isNotNull, isNull, lt, not, notExists, or, sql, type SQL } from 'drizzle-orm'
import { PURCHASED_ORDER_STATUSES, type AudienceFilter, type LevelRule } from '@liuliang/shared'
import { customerFollows, customerRfm, customerTags, customers, orders, pointAccounts, staff } from '../db/schema'
import { containsText } from '../db/like'
import { processDatabaseEngine } from '../env'

const ON_POSTGRES = processDatabaseEngine() === 'postgres'

/**
 * The one translation of an audience filter into SQL over `customers`, kept an aggregate in SQLite.
 * SQLite walks `customers.id in (…)` as the list of candidates, but materialises every such list
 * in full, so one set condition is that list (the one likely smallest: a guide's customers, then a
 * channel, then all-of tags, then any-of tags, then RFM segments) and the others are probed per candidate through the
 * (customer, …) indexes. none-of tags stay one list: probing each candidate for them cost more.
 */
export function audienceCondition(filter: AudienceFilter, levels: readonly LevelRule[]): SQL | undefined {
  return conditionOf(filter, levels, { segmentsAsRows: false })
}

/**
 * The audience's size as one statement, when the filter allows a shorter one than counting `customers`
 * under `audienceCondition`; undefined otherwise. When one set is the whole filter (a tag list, a
 * guide's or a channel's customers) the set is counted alone: to join a large set with `customers` both
 * engines read every customer. Every row the sets come from is a customer's (their keys reference them).
 */
export function audienceCountQuery(filter: AudienceFilter, levels: readonly LevelRule[]): SQL | undefined {
  const bySegment = segmentCountQuery(filter, levels)
  if (bySegment) return bySegment
  const { sets, rest } = conditionsOf(filter, levels, { segmentsAsRows: false })
  const [only] = sets
  if (!only || sets.length > 1 || rest.length > 0) return undefined
  return sql`select count(distinct ${sql.identifier('customer_id')}) as n from (${only.candidates}) as ${sql.identifier('audience')}`
}

/**
 * The audience's size when RFM segments drive the filter (no guide, channel or tag asked for): it walks
 * the (segment, customer) index of `customer_rfm` and meets `customers` only for what else the filter
 * asks, where PostgreSQL hashed every customer to join a large segment under the whole filter. Every
 * `customer_rfm` row is a customer's (its key references them). undefined when segments do not drive.
 */
function segmentCountQuery(filter: AudienceFilter, levels: readonly LevelRule[]): SQL | undefined {
  const segments = filter.rfmSegments
  if (!segments?.length || smallerSetAsked(filter)) return undefined
  const inSegments = inArray(customerRfm.segment, segments)
  const rest = conditionOf(filter, levels, { segmentsAsRows: true })
  return rest
    ? sql`select count(*) as n from ${customerRfm} join ${customers} on ${customers.id} = ${customerRfm.customerId} where ${inSegments} and ${rest}`
    : sql`select count(*) as n from ${customerRfm} where ${inSegments}`
}

/** A set likely smaller than segments (a guide's customers, a channel, tags) drives the filter when asked for. */
const smallerSetAsked = (filter: AudienceFilter) =>
  Boolean(filter.staffUserIds?.length || filter.channels?.length || filter.tags?.allOf?.length || filter.tags?.anyOf?.length)

/** `segmentsAsRows`: the caller reads from `customer_rfm` by segment already, so the segments are no condition here. */
function conditionOf(filter: AudienceFilter, levels: readonly LevelRule[], options: { segmentsAsRows: boolean }): SQL | undefined {
  const { sets, rest } = conditionsOf(filter, levels, options)
  const [driver, ...probed] = sets
  const parts = driver ? [sql`${customers.id} in (${driver.candidates})`, ...probed.map((set) => set.probe)] : []
  parts.push(...rest)
  return parts.length > 0 ? and(...parts) : undefined
}

/**
 * The filter's conditions: the sets of customers it names (a guide's, a channel's, tags, segments), each
 * as a list of candidates and as a probe of one customer, and the rest, which look at one customer.
 */
function conditionsOf(filter: AudienceFilter, levels: readonly LevelRule[], { segmentsAsRows }: { segmentsAsRows: boolean }): { sets: { candidates: SQL; probe: SQL }[]; rest: SQL[] } {
  const parts: SQL[] = []
  const { allOf, anyOf, noneOf } = filter.tags ?? {}
  const guides = filter.staffUserIds?.length
    ? and(eq(customerFollows.status, 'active'), inArray(customerFollows.staffId, sql`(select ${staff.id} from ${staff} where ${inArray(staff.userId, filter.staffUserIds)})`))
    : undefined
  const channels = filter.channels?.length ? inArray(customerFollows.state, filter.channels) : undefined

  const sets: { candidates: SQL; probe: SQL }[] = []
  if (guides) sets.push({ candidates: followersWhere(guides), probe: followed(guides) })
  if (channels) sets.push({ candidates: followersWhere(channels), probe: followed(channels) })
  if (allOf?.length) {
    sets.push({
      // PostgreSQL grouped every tagged customer, in batches on disk at a million; it intersects each tag's list faster.
      candidates: ON_POSTGRES
        ? sql.join(allOf.map((tagId) => taggedWith([tagId])), sql` intersect `)
        : sql`select ${customerTags.customerId} from ${customerTags} where ${inArray(customerTags.tagId, allOf)} group by ${customerTags.customerId} having count(*) = ${allOf.length}`,
      probe: sql`(select count(*) from ${customerTags} where ${customerTags.customerId} = ${customers.id} and ${inArray(customerTags.tagId, allOf)}) = ${allOf.length}`,
    })
  }
  if (anyOf?.length) sets.push({ candidates: taggedWith(anyOf), probe: exists(sql`(select 1 from ${customerTags} where ${customerTags.customerId} = ${customers.id} and ${inArray(customerTags.tagId, anyOf)})`) })
  if (filter.rfmSegments?.length && !segmentsAsRows) {
    // Through the (segment, customer) index: a segment is a range of it.
    const inSegments = inArray(customerRfm.segment, filter.rfmSegments)
    sets.push({
      candidates: sql`select ${customerRfm.customerId} from ${customerRfm} where ${inSegments}`,
      probe: exists(sql`(select 1 from ${customerRfm} where ${customerRfm.customerId} = ${customers.id} and ${inSegments})`),
    })
  }
  if (noneOf?.length) {
    // PostgreSQL cannot turn NOT IN into an anti-join (a NULL would change its answer); it can NOT EXISTS.
    parts.push(ON_POSTGRES ? notExists(sql`(select 1 from ${customerTags} where ${customerTags.customerId} = ${customers.id} and ${inArray(customerTags.tagId, noneOf)})`) : sql`${customers.id} not in (${taggedWith(noneOf)})`)
  }

  if (filter.lost !== undefined) {
    const lost = and(followed(eq(customerFollows.status, 'lost')), not(followed(eq(customerFollows.status, 'active')))) as SQL
    // A guide's customers follow them, so none of them is lost: the condition is then known without a look.
    if (!guides) parts.push(filter.lost ? lost : not(lost))
    else if (filter.lost) parts.push(sql`0 = 1`)
  }
  if (filter.nameContains) parts.push(containsText(customers.name, filter.nameContains))
  if (filter.addedFrom) parts.push(gte(customers.createdAt, new Date(filter.addedFrom)))
  if (filter.addedBefore) parts.push(lt(customers.createdAt, new Date(filter.addedBefore)))
  if (filter.isMiniProgramUser !== undefined) {
    parts.push(filter.isMiniProgramUser ? isNotNull(customers.openid) : isNull(customers.openid))
  }
  if (filter.levels?.length) parts.push(levelCondition(filter.levels, levels))
  parts.push(...purchaseConditions(filter))
  return { sets, rest: parts }
}

const taggedWith = (tagIds: number[]) => sql`select ${customerTags.customerId} from ${customerTags} where ${inArray(customerTags.tagId, tagIds)}`

const followersWhere = (condition: SQL | undefined) => sql`select ${customerFollows.customerId} from ${customerFollows} where ${condition}`

/** A follow of this customer meeting the condition. Parenthesised here: drizzle's exists() does not wrap a raw subquery. */
const followed = (condition: SQL | undefined) =>
  exists(sql`(select 1 from ${customerFollows} where ${and(eq(customerFollows.customerId, customers.id), condition)})`)

/** Levels are growth ranges under the configured thresholds, so a level change needs no rewrite of customers. */
function levelCondition(wanted: readonly string[], levels: readonly LevelRule[]): SQL {
  const growth = sql`coalesce((select ${pointAccounts.earnedTotal} from ${pointAccounts} where ${pointAccounts.customerId} = ${customers.id}), 0)`
  const sorted = [...levels].sort((a, b) => a.minGrowth - b.minGrowth)
  const ranges = sorted.flatMap((level, index) => {
    if (!wanted.includes(level.code)) return []
    const next = sorted[index + 1]
    // The lowest level also holds growth below its threshold, as levelForGrowth reads it.
    const from = index === 0 ? undefined : sql`${growth} >= ${level.minGrowth}`
    const below = next ? sql`${growth} < ${next.minGrowth}` : undefined
    return [and(from, below) ?? sql`1 = 1`]
  })
  return ranges.length > 0 ? (or(...ranges) as SQL) : sql`0 = 1`
}

function purchaseConditions(filter: AudienceFilter): SQL[] {
  const parts: SQL[] = []
  const boughtByThisCustomer = and(eq(orders.customerId, customers.id), inArray(orders.status, [...PURCHASED_ORDER_STATUSES]))
  const purchases = (condition: SQL) => sql`(select 1 from ${orders} where ${and(boughtByThisCustomer, condition)})`
  if (filter.lastPurchaseFrom) parts.push(exists(purchases(gte(orders.paidAt, new Date(filter.lastPurchaseFrom)))))
  if (filter.lastPurchaseBefore) {
    const before = new Date(filter.lastPurchaseBefore)
    parts.push(and(exists(purchases(lt(orders.paidAt, before))), notExists(purchases(gte(orders.paidAt, before)))) as SQL)
  }
  const { min, max } = filter.totalSpendFen ?? {}
  if (min !== undefined || max !== undefined) {
    const spent = sql`coalesce((select sum(${orders.amountFen}) from ${orders} where ${boughtByThisCustomer}), 0)`
    if (min !== undefined) parts.push(sql`${spent} >= ${min}`)
    if (max !== undefined) parts.push(sql`${spent} <= ${max}`)
  }
  return parts
}
