import fp from 'fastify-plugin'
import { and, countDistinct, desc, inArray, isNotNull, type SQL } from 'drizzle-orm'
import {
  businessDate,
  businessDateTime,
  rfmSegmentName,
  type AudienceFilter,
  type AudiencePage,
  type ChannelList,
  type CustomerPage,
  type CustomerSummary,
} from '@liuliang/shared'
import type { CustomerService } from '../customers/customer-service'
import { customerFollows, customerRfm } from '../db/schema'
import { serviceDeps, type ServiceDeps } from '../services'
import type { SettingsService } from '../settings/settings-service'
import { audienceCondition, audienceCountQuery } from './audience-filter'

const GENDER_LABELS: Record<CustomerSummary['gender'], string> = { unknown: '', male: '男', female: '女' }
const CSV_COLUMNS = ['客户ID', '姓名', '性别', '小程序用户', '企业微信外部联系人ID', '成为客户时间', 'RFM分群'] as const

/** RFC 4180 quoting; a leading =+-@ is prefixed so a spreadsheet never runs a name as a formula. */
function csvCell(value: string | number): string {
  const text = String(value).replace(/^[=+\-@]/, "'$&")
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

const csvRow = (cells: (string | number)[]) => `${cells.map(csvCell).join(',')}\r\n`

export interface AudienceDeps extends ServiceDeps {
  /** CSV dates are the brand's, as the console shows them. */
  timeZone: string
  settings: SettingsService
  customers: CustomerService
}

/** Audiences for lists, counts and, later, broadcasts and lottery eligibility: one filter, one evaluation. */
export function createAudienceService({ db, now, timeZone, settings, customers }: AudienceDeps) {
  const condition = async (filter: AudienceFilter) => audienceCondition(filter, await settings.levels())
  /** The page's customers with their RFM segments, one indexed read for the page. */
  const withSegments = async (page: CustomerPage): Promise<AudiencePage> => {
    const ids = page.items.map((customer) => customer.id)
    const rows = ids.length
      ? await db.select({ id: customerRfm.customerId, segment: customerRfm.segment }).from(customerRfm).where(inArray(customerRfm.customerId, ids))
      : []
    const segments = new Map(rows.map((row) => [row.id, row.segment]))
    return { ...page, items: page.items.map((customer) => ({ ...customer, rfmSegment: segments.get(customer.id) ?? null })) }
  }
  return {
    /** The filter as SQL over `customers`, for domains that join it (broadcasts). */
    condition,
    /** `within`: the customers the asker may see (a store manager's), when not every customer. */
    async count(filter: AudienceFilter, within?: SQL): Promise<number> {
      const levels = await settings.levels()
      const shorter = within ? undefined : audienceCountQuery(filter, levels)
      if (!shorter) return customers.countWhere(and(audienceCondition(filter, levels), within))
      const [row] = await db.readApart<{ n: number | string }>(shorter)
      return Number(row?.n ?? 0)
    },
    list: async (filter: AudienceFilter, page: { cursor?: string; limit?: number }, within?: SQL): Promise<AudiencePage> =>
      withSegments(await customers.listAll(page, and(await condition(filter), within))),

    /** Named for the business day it was taken on. */
    exportFileName: () => `customers-${businessDate(now(), timeZone)}.csv`,

    /** The audience as CSV (UTF-8 with BOM, which Excel needs for Chinese), produced page by page. */
    async *exportCsv(filter: AudienceFilter, within?: SQL): AsyncGenerator<string> {
      yield `\ufeff${csvRow([...CSV_COLUMNS])}`
      const where = and(await condition(filter), within)
      let cursor: string | undefined
      do {
        const page = await withSegments(await customers.listAll({ cursor, limit: 1000 }, where))
        yield page.items
          .map((c) =>
            csvRow([
              c.id,
              c.name ?? '',
              GENDER_LABELS[c.gender],
              c.isMiniProgramUser ? '是' : '否',
              c.externalUserId ?? '',
              businessDateTime(new Date(c.createdAt), timeZone),
              rfmSegmentName(c.rfmSegment),
            ]),
          )
          .join('')
        cursor = page.nextCursor ?? undefined
        // Let other requests run between pages of a large export.
        await new Promise((resolve) => setImmediate(resolve))
      } while (cursor)
    },

    /** `staffIds`: a store manager's guides, whose adds alone are counted; null: every guide's. */
    async channels(staffIds: number[] | null = null): Promise<ChannelList> {
      const reached = countDistinct(customerFollows.customerId)
      const rows = await db
        .select({ state: customerFollows.state, customers: reached })
        .from(customerFollows)
        .where(and(isNotNull(customerFollows.state), staffIds ? inArray(customerFollows.staffId, staffIds) : undefined))
        .groupBy(customerFollows.state)
        .orderBy(desc(reached))
      return { channels: rows.map((row) => ({ state: row.state as string, customers: row.customers })) }
    },
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    audiences: ReturnType<typeof createAudienceService>
  }
}

export default fp<{ timeZone: string }>(
  async (app, { timeZone }) => {
    app.decorate('audiences', createAudienceService({ ...serviceDeps(app), timeZone, settings: app.settings, customers: app.customers }))
  },
  { name: 'audiences', dependencies: ['db', 'clock', 'customers', 'settings'] },
)
