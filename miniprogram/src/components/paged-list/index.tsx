import type { ReactNode } from 'react'
import { Text } from '@tarojs/components'
import type { PagedList } from '../../hooks/use-paged-list'
import { PageError, PageLoading } from '../page-state'
import './index.scss'

/** The line under an infinite list: loading the next page, or the end. */
export function PagedFooter({ hasMore, loadingMore }: { hasMore: boolean; loadingMore: boolean }) {
  const text = loadingMore ? '加载中…' : hasMore ? '上拉加载更多' : '没有更多了'
  return <Text className='paged-footer'>{text}</Text>
}

/** An infinite list's states: loading, error (with retry), empty, or its items and the footer. */
export function PagedListBody<T>({
  list,
  onRetry,
  empty,
  children,
}: {
  list: PagedList<T>
  onRetry: () => void
  empty: ReactNode
  children: (items: T[]) => ReactNode
}) {
  if (list.status === 'loading' && list.items.length === 0) return <PageLoading />
  if (list.status === 'error') return <PageError message={list.message ?? ''} onRetry={onRetry} />
  if (list.items.length === 0) return <>{empty}</>
  return (
    <>
      {children(list.items)}
      <PagedFooter hasMore={list.hasMore} loadingMore={list.loadingMore} />
    </>
  )
}
