import { and, eq, exists, gte, inArray, isNotNull, isNull, lt, not, sql, type SQL } from 'drizzle-orm'
import type { AudienceFilter } from '@liuliang/shared'
import { customerFollows, customerTags, customers, staff } from '../db/schema'
import { containsText } from '../db/like'

/**
 * The one translation of an audience filter into SQL over `customers`, kept an aggregate in SQLite.
 * SQLite walks `customers.id in (…)` as the list of candidates, but materialises every such list
 * in full, so one set condition is that list (the one likely smallest: a guide's customers, then a
 * channel, then all-of tags, then any-of tags) and the others are probed per candidate through the
 * (customer, …) indexes. none-of tags stay one list: probing each candidate for them cost more.
 */
export function audienceCondition(filter: AudienceFilter): SQL | undefined {
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
      candidates: sql`select ${customerTags.customerId} from ${customerTags} where ${inArray(customerTags.tagId, allOf)} group by ${customerTags.customerId} having count(*) = ${allOf.length}`,
      probe: sql`(select count(*) from ${customerTags} where ${customerTags.customerId} = ${customers.id} and ${inArray(customerTags.tagId, allOf)}) = ${allOf.length}`,
    })
  }
  if (anyOf?.length) sets.push({ candidates: taggedWith(anyOf), probe: exists(sql`(select 1 from ${customerTags} where ${customerTags.customerId} = ${customers.id} and ${inArray(customerTags.tagId, anyOf)})`) })
  const [driver, ...probed] = sets
  if (driver) parts.push(sql`${customers.id} in (${driver.candidates})`, ...probed.map((set) => set.probe))
  if (noneOf?.length) parts.push(sql`${customers.id} not in (${taggedWith(noneOf)})`)

  if (filter.lost !== undefined) {
    const lost = and(followed(eq(customerFollows.status, 'lost')), not(followed(eq(customerFollows.status, 'active')))) as SQL
    parts.push(filter.lost ? lost : not(lost))
  }
  if (filter.nameContains) parts.push(containsText(customers.name, filter.nameContains))
  if (filter.addedFrom) parts.push(gte(customers.createdAt, new Date(filter.addedFrom)))
  if (filter.addedBefore) parts.push(lt(customers.createdAt, new Date(filter.addedBefore)))
  if (filter.isMiniProgramUser !== undefined) {
    parts.push(filter.isMiniProgramUser ? isNotNull(customers.openid) : isNull(customers.openid))
  }
  return parts.length > 0 ? and(...parts) : undefined
}

const taggedWith = (tagIds: number[]) => sql`select ${customerTags.customerId} from ${customerTags} where ${inArray(customerTags.tagId, tagIds)}`

const followersWhere = (condition: SQL | undefined) => sql`select ${customerFollows.customerId} from ${customerFollows} where ${condition}`

/** A follow of this customer meeting the condition. Parenthesised here: drizzle's exists() does not wrap a raw subquery. */
const followed = (condition: SQL | undefined) =>
  exists(sql`(select 1 from ${customerFollows} where ${and(eq(customerFollows.customerId, customers.id), condition)})`)
