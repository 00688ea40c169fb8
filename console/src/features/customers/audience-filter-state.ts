import { businessDate, startOfBusinessDay, type AudienceFilter, type LiveCode } from '@liuliang/shared'
import { env } from '@liuliang/ui/env'

export type TagMode = 'allOf' | 'anyOf' | 'noneOf'

export const TAG_MODES: readonly { mode: TagMode; label: string }[] = [
  { mode: 'allOf', label: '同时包含' },
  { mode: 'anyOf', label: '包含任一' },
  { mode: 'noneOf', label: '都不包含' },
]

/** Toggles one tag in one mode; a tag sits in one mode at a time, and empty parts are dropped. */
export function toggleTag(filter: AudienceFilter, mode: TagMode, tagId: number): AudienceFilter {
  const tags = { ...filter.tags }
  const had = tags[mode]?.includes(tagId) ?? false
  for (const { mode: other } of TAG_MODES) tags[other] = (tags[other] ?? []).filter((id) => id !== tagId)
  if (!had) tags[mode] = [...(tags[mode] ?? []), tagId]
  for (const { mode: other } of TAG_MODES) if (tags[other]?.length === 0) delete tags[other]
  return withField(filter, 'tags', Object.keys(tags).length > 0 ? tags : undefined)
}

/** Sets one field, removing it when empty so the filter sent is exactly what the admin chose. */
export function withField<K extends keyof AudienceFilter>(
  filter: AudienceFilter,
  key: K,
  value: AudienceFilter[K] | undefined,
): AudienceFilter {
  const next = { ...filter }
  const empty = value === undefined || value === '' || (Array.isArray(value) && value.length === 0)
  if (empty) delete next[key]
  else next[key] = value
  return next
}

/** `<input type="date">` gives a day; the filter wants the instant that day starts in the brand's time zone. */
export function dayStart(day: string, timeZone = env.businessTimeZone): string | undefined {
  return day ? startOfBusinessDay(day, timeZone).toISOString() : undefined
}

/** The brand's day an instant falls on, as a date input shows it. */
export function dayOf(iso: string | undefined, timeZone = env.businessTimeZone): string {
  return iso ? businessDate(new Date(iso), timeZone) : ''
}

export function toggleInList(list: string[] | undefined, value: string): string[] {
  return list?.includes(value) ? list.filter((v) => v !== value) : [...(list ?? []), value]
}

/** Sets one bound of the total-spend range from what was typed in 元; a blank bound is dropped. */
export function withSpendBound(filter: AudienceFilter, bound: 'min' | 'max', yuan: string): AudienceFilter {
  const range = { ...filter.totalSpendFen }
  const value = Number(yuan)
  if (yuan.trim() === '' || !Number.isFinite(value) || value < 0) delete range[bound]
  else range[bound] = Math.round(value * 100)
  return withField(filter, 'totalSpendFen', Object.keys(range).length > 0 ? range : undefined)
}

export const fenToYuanText = (fen: number | undefined) => (fen === undefined ? '' : String(fen / 100))

/**
 * How a channel reads in the filter: the live code's name, never its internal state. Our codes' states
 * start with `lc_`; one no longer listed was deleted, anything else came from outside the console.
 */
export function channelLabel(state: string, liveCodes: readonly Pick<LiveCode, 'state' | 'name'>[]): string {
  const code = liveCodes.find((candidate) => candidate.state === state)
  if (code) return code.name
  return state.startsWith('lc_') ? '已删除的活码' : '其他来源'
}
