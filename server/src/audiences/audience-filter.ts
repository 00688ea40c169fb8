import { aliasedTable, and, eq, exists, gte, inArray, isNotNull, isNull, lt, not, notExists, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm'
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
 * under `audienceCondition`; undefined otherwise. When nothing asked needs a customer's own row (a name,
 * a date added, the mini-program) the customers are counted from the likely smallest set's list alone, the
 * other conditions probing each listed id: to join a large list with `customers` both engines read
 * every customer. Every row the sets come from is a customer's (their keys reference them).
 */
export function audienceCountQuery(filter: AudienceFilter, levels: readonly LevelRule[]): SQL | undefined {
  const bySegment = segmentCountQuery(filter, levels)
  if (bySegment) return bySegment
  const listed = sql`${sql.identifier('audience')}.${sql.identifier('customer_id')}`
  const { sets, byId, byRow } = conditionsOf(filter, levels, { segmentsAsRows: false, id: listed })
  const [driver, ...probed] = sets
  if (!driver || byRow.length > 0) return undefined
  const counted = driver.distinct ? sql`count(*)` : sql`count(distinct ${listed})`
  const where = and(...probed.map((set) => set.probe), ...byId)
  return sql`select ${counted} as n from (${driver.candidates}) as ${sql.identifier('audience')}${where ? sql` where ${where}` : sql``}`
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
  const { sets, byId, byRow } = conditionsOf(filter, levels, { ...options, id: customers.id })
  const [driver, ...probed] = sets
  const parts = driver ? [sql`${customers.id} in (${driver.candidates})`, ...probed.map((set) => set.probe)] : []
  parts.push(...byId, ...byRow)
  return parts.length > 0 ? and(...parts) : undefined
}

/** A set of customers the filter names: its list of candidates (`distinct` when no customer is listed twice) and a probe of one customer. */
interface CustomerSet {
  candidates: SQL
  distinct: boolean
  probe: SQL
}

/**
 * The filter's conditions on the customer whose id is `id`: the sets of customers it names (a guide's, a
 * channel's, tags, segments), the rest that need only that id, and those that read the customer's row.
 */
function conditionsOf(
  filter: AudienceFilter,
  levels: readonly LevelRule[],
  { segmentsAsRows, id }: { segmentsAsRows: boolean; id: SQLWrapper },
): { sets: CustomerSet[]; byId: SQL[]; byRow: SQL[] } {
  const byId: SQL[] = []
  const byRow: SQL[] = []
  const { allOf, anyOf, noneOf } = filter.tags ?? {}
  const guides = filter.staffUserIds?.length
    ? and(eq(customerFollows.status, 'active'), inArray(customerFollows.staffId, sql`(select ${staff.id} from ${staff} where ${inArray(staff.userId, filter.staffUserIds)})`))
    : undefined
  const channels = filter.channels?.length ? inArray(customerFollows.state, filter.channels) : undefined
  const followed = (condition: SQL | undefined) => followedBy(id, condition)
  const tagged = (tagIds: number[]) => sql`(select 1 from ${customerTags} where ${customerTags.customerId} = ${id} and ${inArray(customerTags.tagId, tagIds)})`

  const sets: CustomerSet[] = []
  // A customer follows a guide once; two guides, or a channel's several guides, may list them twice.
  if (guides) sets.push({ candidates: followersWhere(guides), distinct: filter.staffUserIds?.length === 1, probe: followed(guides) })
  if (channels) sets.push({ candidates: followersWhere(channels), distinct: false, probe: followed(channels) })
  if (allOf?.length) {
    sets.push({
      // PostgreSQL grouped every tagged customer, in batches on disk at a million; it merges one tag's list
      // with each other tag's, both in customer order, faster. SQLite would walk the first list, whatever its length.
      candidates: ON_POSTGRES
        ? taggedWithAll(allOf)
        : sql`select ${customerTags.customerId} from ${customerTags} where ${inArray(customerTags.tagId, allOf)} group by ${customerTags.customerId} having count(*) = ${allOf.length}`,
      distinct: true,
      probe: sql`(select count(*) from ${customerTags} where ${customerTags.customerId} = ${id} and ${inArray(customerTags.tagId, allOf)}) = ${allOf.length}`,
    })
  }
  if (anyOf?.length) sets.push({ candidates: taggedWith(anyOf), distinct: anyOf.length === 1, probe: exists(tagged(anyOf)) })
  if (filter.rfmSegments?.length && !segmentsAsRows) {
    // Through the (segment, customer) index: a segment is a range of it.
    const inSegments = inArray(customerRfm.segment, filter.rfmSegments)
    sets.push({
      candidates: sql`select ${customerRfm.customerId} from ${customerRfm} where ${inSegments}`,
      distinct: true,
      probe: exists(sql`(select 1 from ${customerRfm} where ${customerRfm.customerId} = ${id} and ${inSegments})`),
    })
  }
  if (noneOf?.length) {
    // PostgreSQL cannot turn NOT IN into an anti-join (a NULL would change its answer); it can NOT EXISTS.
    byId.push(ON_POSTGRES ? notExists(tagged(noneOf)) : sql`${id} not in (${taggedWith(noneOf)})`)
  }

  if (filter.lost !== undefined) {
    const lost = and(followed(eq(customerFollows.status, 'lost')), not(followed(eq(customerFollows.status, 'active')))) as SQL
    // A guide's customers follow them, so none of them is lost: the condition is then known without a look.
    if (!guides) byId.push(filter.lost ? lost : not(lost))
    else if (filter.lost) byId.push(sql`0 = 1`)
  }
  if (filter.levels?.length) byId.push(levelCondition(id, filter.levels, levels))
  byId.push(...purchaseConditions(id, filter))
  if (filter.nameContains) byRow.push(containsText(customers.name, filter.nameContains))
  if (filter.addedFrom) byRow.push(gte(customers.createdAt, new Date(filter.addedFrom)))
  if (filter.addedBefore) byRow.push(lt(customers.createdAt, new Date(filter.addedBefore)))
  if (filter.isMiniProgramUser !== undefined) {
    byRow.push(filter.isMiniProgramUser ? isNotNull(customers.openid) : isNull(customers.openid))
  }
  return { sets, byId, byRow }
}

const taggedWith = (tagIds: number[]) => sql`select ${customerTags.customerId} from ${customerTags} where ${inArray(customerTags.tagId, tagIds)}`

/** The first tag's customers who have every other tag too: semi-joins PostgreSQL merges, both lists in customer order. */
function taggedWithAll([first, ...others]: number[]): SQL {
  // Named in full: drizzle renders an aliased table in raw SQL by its alias alone, without its table.
  const alias = 'also_tagged'
  const also = aliasedTable(customerTags, alias)
  const hasAlso = (tagId: number) => exists(sql`(select 1 from ${customerTags} as ${sql.identifier(alias)} where ${and(eq(also.customerId, customerTags.customerId), eq(also.tagId, tagId))})`)
  return sql`select ${customerTags.customerId} from ${customerTags} where ${and(eq(customerTags.tagId, first as number), ...others.map(hasAlso))}`
}

const followersWhere = (condition: SQL | undefined) => sql`select ${customerFollows.customerId} from ${customerFollows} where ${condition}`

/** A follow of this customer meeting the condition. Parenthesised here: drizzle's exists() does not wrap a raw subquery. */
const followedBy = (id: SQLWrapper, condition: SQL | undefined) =>
  exists(sql`(select 1 from ${customerFollows} where ${and(eq(customerFollows.customerId, id), condition)})`)

/** Levels are growth ranges under the configured thresholds, so a level change needs no rewrite of customers. */
function levelCondition(id: SQLWrapper, wanted: readonly string[], levels: readonly LevelRule[]): SQL {
  const growth = sql`coalesce((select ${pointAccounts.earnedTotal} from ${pointAccounts} where ${pointAccounts.customerId} = ${id}), 0)`
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

function purchaseConditions(id: SQLWrapper, filter: AudienceFilter): SQL[] {
  const parts: SQL[] = []
  const boughtByThisCustomer = and(eq(orders.customerId, id), inArray(orders.status, [...PURCHASED_ORDER_STATUSES]))
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
