import { and, eq, exists, gte, inArray, isNotNull, isNull, lt, notExists, sql, type SQL } from 'drizzle-orm'
import type { AudienceFilter } from '@liuliang/shared'
import { customerFollows, customerTags, customers, staff } from '../db/schema'
import { containsText } from '../db/like'

/**
 * The one translation of an audience filter into SQL over `customers`. Each part is an indexed
 * semi-join (customer_tags by tag, customer_follows by customer), so counts stay aggregates in
 * SQLite rather than loops over rows here.
 */
export function audienceCondition(filter: AudienceFilter): SQL | undefined {
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
  return parts.length > 0 ? and(...parts) : undefined
}
