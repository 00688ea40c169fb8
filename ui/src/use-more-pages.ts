import { useEffect, useState } from 'react'
import type { Page } from '@liuliang/shared'

/**
 * A list whose first page arrived with something else (the 360 view) and whose further pages load on
 * demand. A new first page (after a refresh) starts the list over.
 */
export function useMorePages<T>(first: Page<T>, loadPage: (cursor: string) => Promise<Page<T>>) {
  const [state, setState] = useState({ items: first.items, nextCursor: first.nextCursor, loading: false, error: null as unknown })

  useEffect(() => {
    setState({ items: first.items, nextCursor: first.nextCursor, loading: false, error: null })
  }, [first])

  const loadMore = async () => {
    const cursor = state.nextCursor
    if (cursor === null || state.loading) return
    setState((current) => ({ ...current, loading: true, error: null }))
    try {
      const page = await loadPage(cursor)
      setState((current) => ({ items: [...current.items, ...page.items], nextCursor: page.nextCursor, loading: false, error: null }))
    } catch (error) {
      setState((current) => ({ ...current, loading: false, error }))
    }
  }

  return { ...state, loadMore }
}
