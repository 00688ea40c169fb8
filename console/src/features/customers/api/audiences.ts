import type { AudienceFilter, AudiencePage, ChannelList, LevelSettings, LiveCodeList, StaffList, TagPickerList } from '@liuliang/shared'
import { useEffect, useState } from 'react'
import { ApiError, toApiError } from '@liuliang/ui/http'
import { useRequest } from '@liuliang/ui/use-request'
import { adminHttp, adminSession } from '../../../lib/admin-http'
import { saveBlob } from '../../../lib/download'

export const CUSTOMER_PAGE_SIZE = 20

export function useAudiencePage(filter: AudienceFilter, cursor: string | null) {
  const key = JSON.stringify(filter)
  return useRequest(
    (signal) =>
      adminHttp.post<AudiencePage>(
        '/api/admin/audiences/customers',
        { filter, limit: CUSTOMER_PAGE_SIZE, ...(cursor ? { cursor } : {}) },
        { signal },
      ),
    [key, cursor],
  )
}

/** The matching count, asked again a moment after the filter stops changing. */
export function useAudienceCount(filter: AudienceFilter, delayMs = 250) {
  const key = JSON.stringify(filter)
  const [debouncedKey, setDebouncedKey] = useState(key)
  useEffect(() => {
    const timer = setTimeout(() => setDebouncedKey(key), delayMs)
    return () => clearTimeout(timer)
  }, [key, delayMs])
  return useRequest(
    (signal) =>
      adminHttp.post<{ count: number }>('/api/admin/audiences/count', { filter: JSON.parse(debouncedKey) }, { signal }),
    [debouncedKey],
  )
}

/** null: the admin may not read that list (a role without the area, or an account limited to stores). */
export interface FilterOptions {
  tags: TagPickerList
  channels: ChannelList | null
  /** to name each channel by its live code */
  liveCodes: LiveCodeList | null
  staff: StaffList | null
  levels: LevelSettings | null
}

/** A lookup the admin's role or store scope does not open (403) leaves its filter out, rather than failing the whole panel. */
const unlessRefused = <T>(lookup: Promise<T>): Promise<T | null> =>
  lookup.catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 403) return null
    throw error
  })

export function useFilterOptions() {
  return useRequest(
    async (signal): Promise<FilterOptions> => {
      const [tags, channels, liveCodes, staff, levels] = await Promise.all([
        adminHttp.get<TagPickerList>('/api/admin/tag-choices', { signal }),
        unlessRefused(adminHttp.get<ChannelList>('/api/admin/audiences/channels', { signal })),
        unlessRefused(adminHttp.get<LiveCodeList>('/api/admin/live-codes', { signal })),
        unlessRefused(adminHttp.get<StaffList>('/api/admin/staff', { signal })),
        unlessRefused(adminHttp.get<LevelSettings>('/api/admin/loyalty/levels', { signal })),
      ])
      return { tags, channels, liveCodes, staff, levels }
    },
    [],
  )
}

/** Downloads the audience as CSV; the browser saves the file the server names. */
export async function downloadAudienceCsv(filter: AudienceFilter): Promise<void> {
  const response = await fetch('/api/admin/audiences/export', {
    method: 'POST',
    headers: { authorization: `Bearer ${adminSession.current()?.token ?? ''}`, 'content-type': 'application/json' },
    body: JSON.stringify({ filter }),
  })
  if (!response.ok) throw await toApiError(response)
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'customers.csv'
  saveBlob(await response.blob(), name)
}
