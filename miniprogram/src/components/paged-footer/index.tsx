import { Text } from '@tarojs/components'
import './index.scss'

/** The line under an infinite list: loading the next page, or the end. */
export function PagedFooter({ hasMore, loadingMore }: { hasMore: boolean; loadingMore: boolean }) {
  const text = loadingMore ? '加载中…' : hasMore ? '上拉加载更多' : '没有更多了'
  return <Text className='paged-footer'>{text}</Text>
}
