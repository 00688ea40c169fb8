import { View, Text } from '@tarojs/components'
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { PagedFooter } from '../../components/paged-footer'
import { PageError, PageLoading } from '../../components/page-state'
import { StateView } from '../../components/state-view'
import { usePagedList } from '../../hooks/use-paged-list'
import { fetchLedger } from '../../services/points'
import { formatDateTime } from '../../utils/format'
import './index.scss'

export default function PointsLedgerPage() {
  const { list, refresh, loadMore } = usePagedList(fetchLedger)
  useReachBottom(() => void loadMore())
  usePullDownRefresh(() => {
    void refresh().finally(() => Taro.stopPullDownRefresh())
  })

  if (list.status === 'loading' && list.items.length === 0) return <PageLoading />
  if (list.status === 'error') return <PageError message={list.message ?? ''} onRetry={() => void refresh()} />
  if (list.items.length === 0) {
    return (
      <StateView
        title='还没有积分记录'
        description='每天签到就能赚积分'
        actionText='去签到'
        onAction={() => void Taro.redirectTo({ url: '/packages/checkin/index' })}
      />
    )
  }
  return (
    <View className='ledger'>
      {list.items.map((entry) => (
        <View key={entry.id} id={`ledger-${entry.id}`} className='ledger__item'>
          <View className='ledger__main'>
            <Text className='ledger__title'>{entry.title}</Text>
            <Text className='ledger__time'>{formatDateTime(entry.createdAt)}</Text>
          </View>
          <View className='ledger__side'>
            <Text className={`ledger__delta ${entry.delta > 0 ? 'ledger__delta--in' : 'ledger__delta--out'}`}>
              {entry.delta > 0 ? `+${entry.delta}` : entry.delta}
            </Text>
            <Text className='ledger__balance'>余额 {entry.balanceAfter}</Text>
          </View>
        </View>
      ))}
      <PagedFooter hasMore={list.hasMore} loadingMore={list.loadingMore} />
    </View>
  )
}
