import type { CustomerPage, CustomerSummary } from '@liuliang/shared'
import { useCallback, useEffect, useRef, useState } from 'react'
import { isAbortError } from '@liuliang/ui/http'
import { staffHttp } from '../../../lib/staff-http'

export const PICKER_PAGE_SIZE = 20

export function listMyCustomers(
  query: { q?: string; cursor?: string | null; limit?: number },
  signal?: AbortSignal,
): Promise<CustomerPage> {
  return staffHttp.get<CustomerPage>('/api/sidebar/customers', {
    query: { q: query.q?.trim(), cursor: query.cursor, limit: query.limit ?? PICKER_PAGE_SIZE },
    signal,
  })
}

interface PagesState {
  items: CustomerSummary[]
  nextCursor: string | null
  loading: boolean
  error: unknown
}

/** The guide's customers matching `q`, page by page ("加载更多" appends the next page). */
export function useMyCustomerPages(q: string) {
  const [state, setState] = useState<PagesState>({ items: [], nextCursor: null, loading: true, error: null })
  const controller = useRef<AbortController | null>(null)

  const load = useCallback(
    (cursor: string | null) => {
      controller.current?.abort()
      const current = new AbortController()
      controller.current = current
      setState((previous) => ({ ...(cursor ? previous : { items: [], nextCursor: null }), loading: true, error: null }))
      listMyCustomers({ q, cursor }, current.signal).then(
        (page) =>
          setState((previous) => ({
            items: cursor ? [...previous.items, ...page.items] : page.items,
            nextCursor: page.nextCursor,
            loading: false,
            error: null,
          })),
        (error: unknown) => {
          if (!current.signal.aborted && !isAbortError(error)) setState((previous) => ({ ...previous, loading: false, error }))
        },
      )
    },
    [q],
  )

  useEffect(() => {
    load(null)
    return () => controller.current?.abort()
  }, [load])

  return {
    ...state,
    loadMore: () => {
      if (state.nextCursor && !state.loading) load(state.nextCursor)
    },
    retry: () => load(state.items.length > 0 ? state.nextCursor : null),
  }
}
