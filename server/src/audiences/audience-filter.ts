import { and, eq, exists, gte, inArray, isNotNull, isNull, lt, notExists, or, sql, type SQL } from 'drizzle-orm'
import { PURCHASED_ORDER_STATUSES, type AudienceFilter, type LevelRule } from '@liuliang/shared'
import { customerFollows, customerTags, customers, orders, pointAccounts, staff } from '../db/schema'
import { containsText } from '../db/like'

/**
 * The one translation of an audience filter into SQL over `customers`. Each part is an indexed
 * semi-join (customer_tags by tag, customer_follows by customer), so counts stay aggregates in
 * SQLite rather than loops over rows here.
 */
export function audienceCondition(filter: AudienceFilter, levels: readonly LevelRule[]): SQL | undefined {
  const parts: SQL[] = []
  const taggedWith = (tagIds: number[]) =>
    sql`select ${customerTags.customerId} from ${customerTags} where ${inArray(customerTags.tagId, tagIds)}`

  const { allOf, anyOf, noneOf } = filter.tags ?? {}
  if (allOf?.length) {
    parts.push(
      sql`${customers.id} in (${taggedWith(allOf)} group by ${customerTags.customerId} having count(*) = ${allOf.length})`,
    )
  }
  if (anyOf?.length) parts.push(sql`${customers.id} in (${taggedWith(anyOf)})`)
  if (noneOf?.length) parts.push(sql`${customers.id} not in (${taggedWith(noneOf)})`)

  // Parenthesised here: drizzle's exists() does not wrap a raw SQL subquery.
  const follows = (...conditions: SQL[]) =>
    sql`(select 1 from ${customerFollows} where ${and(eq(customerFollows.customerId, customers.id), ...conditions)})`
  if (filter.channels?.length) parts.push(exists(follows(inArray(customerFollows.state, filter.channels))))
  if (filter.staffUserIds?.length) {
    const guides = sql`(select ${staff.id} from ${staff} where ${inArray(staff.userId, filter.staffUserIds)})`
    parts.push(exists(follows(eq(customerFollows.status, 'active'), inArray(customerFollows.staffId, guides))))
  }
  if (filter.lost !== undefined) {
    const lost = and(
      exists(follows(eq(customerFollows.status, 'lost'))),
      notExists(follows(eq(customerFollows.status, 'active'))),
    ) as SQL
    parts.push(filter.lost ? lost : sql`not (${lost})`)
  }

  if (filter.nameContains) parts.push(containsText(customers.name, filter.nameContains))
  if (filter.addedFrom) parts.push(gte(customers.createdAt, new Date(filter.addedFrom)))
  if (filter.addedBefore) parts.push(lt(customers.createdAt, new Date(filter.addedBefore)))
  if (filter.isMiniProgramUser !== undefined) {
    parts.push(filter.isMiniProgramUser ? isNotNull(customers.openid) : isNull(customers.openid))
  }
  if (filter.levels?.length) parts.push(levelCondition(filter.levels, levels))
  parts.push(...purchaseConditions(filter))
  return parts.length > 0 ? and(...parts) : undefined
}

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
  const purchases = (...conditions: SQL[]) =>
    sql`(select 1 from ${orders} where ${and(eq(orders.customerId, customers.id), inArray(orders.status, [...PURCHASED_ORDER_STATUSES]), ...conditions)})`
  if (filter.lastPurchaseFrom) parts.push(exists(purchases(gte(orders.paidAt, new Date(filter.lastPurchaseFrom)))))
  if (filter.lastPurchaseBefore) {
    const before = new Date(filter.lastPurchaseBefore)
    parts.push(and(exists(purchases(lt(orders.paidAt, before))), notExists(purchases(gte(orders.paidAt, before)))) as SQL)
  }
  const { min, max } = filter.totalSpendFen ?? {}
  if (min !== undefined || max !== undefined) {
    const spent = sql`coalesce((select sum(${orders.amountFen}) from ${orders} where ${and(eq(orders.customerId, customers.id), inArray(orders.status, [...PURCHASED_ORDER_STATUSES]))}), 0)`
    if (min !== undefined) parts.push(sql`${spent} >= ${min}`)
    if (max !== undefined) parts.push(sql`${spent} <= ${max}`)
  }
  return parts
}
