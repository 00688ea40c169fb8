import type { Page } from '@liuliang/shared'
import { adminHttp } from './admin-http'

/** Every item of a paged admin list, read 100 at a time up to `max`: what a picker offers, not a report. */
export async function everyPage<Item>(path: string, signal: AbortSignal, max = 2000): Promise<Item[]> {
  const items: Item[] = []
  let cursor: string | null = null
  do {
    const page: Page<Item> = await adminHttp.get<Page<Item>>(path, { query: { limit: 100, cursor }, signal })
    items.push(...page.items)
    cursor = page.nextCursor
  } while (cursor !== null && items.length < max)
  return items
}
