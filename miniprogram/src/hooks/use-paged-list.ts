import { useCallback, useEffect, useRef, useState } from 'react'
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import type { Page } from '@liuliang/shared'
import { errorMessage } from '../services/client'

export interface PagedList<T> {
  items: T[]
  status: 'loading' | 'error' | 'ready'
  message: string | null
  /** more pages exist; `loadingMore` while the next is on its way */
  hasMore: boolean
  loadingMore: boolean
}

/**
 * An infinite list: the first page on load, on refresh and whenever `key` changes (a tab, a
 * filter), the next one each time loadMore runs.
 */
export function usePagedList<T>(loadPage: (cursor: string | null, options: { silent: boolean }) => Promise<Page<T>>, key: string = '') {
  const [list, setList] = useState<PagedList<T>>({ items: [], status: 'loading', message: null, hasMore: false, loadingMore: false })
  const cursor = useRef<string | null>(null)
  const busy = useRef(false)
  const generation = useRef(0)
  const loadRef = useRef(loadPage)
  loadRef.current = loadPage

  const refresh = useCallback(async () => {
    const mine = ++generation.current
    busy.current = true
    setList((l) => ({ ...l, status: 'loading', message: null }))
    try {
      const page = await loadRef.current(null, { silent: true })
      if (mine !== generation.current) return
      cursor.current = page.nextCursor
      setList({ items: page.items, status: 'ready', message: null, hasMore: page.nextCursor !== null, loadingMore: false })
    } catch (error) {
      if (mine === generation.current) setList((l) => ({ ...l, status: 'error', message: errorMessage(error) }))
    } finally {
      if (mine === generation.current) busy.current = false
    }
  }, [])

  const loadMore = useCallback(async () => {
    if (busy.current || cursor.current === null) return
    const mine = generation.current
    busy.current = true
    setList((l) => ({ ...l, loadingMore: true }))
    try {
      const page = await loadRef.current(cursor.current, { silent: false })
      if (mine !== generation.current) return
      cursor.current = page.nextCursor
      setList((l) => ({ ...l, items: [...l.items, ...page.items], hasMore: page.nextCursor !== null, loadingMore: false }))
    } catch {
      // The client toasted; the items shown stay and the next scroll tries again.
      if (mine === generation.current) setList((l) => ({ ...l, loadingMore: false }))
    } finally {
      if (mine === generation.current) busy.current = false
    }
  }, [])

  useEffect(() => {
    void refresh()
  }, [key, refresh])

  return { list, refresh, loadMore }
}

/** usePagedList for a page: the next page when the user scrolls to the bottom, the first on pull-down. */
export function useInfiniteList<T>(loadPage: (cursor: string | null, options: { silent: boolean }) => Promise<Page<T>>, key: string = '') {
  const paged = usePagedList(loadPage, key)
  useReachBottom(() => void paged.loadMore())
  usePullDownRefresh(() => {
    void paged.refresh().finally(() => Taro.stopPullDownRefresh())
  })
  return paged
}
