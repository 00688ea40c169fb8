import { View, Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { PagedListBody } from '../../components/paged-list'
import { StateView } from '../../components/state-view'
import { useInfiniteList } from '../../hooks/use-paged-list'
import { fetchLedger } from '../../services/points'
import { formatDateTime } from '../../utils/format'
import './index.scss'

export default function PointsLedgerPage() {
  const { list, refresh } = useInfiniteList(fetchLedger)
  return (
    <View className='ledger'>
      <PagedListBody
        list={list}
        onRetry={() => void refresh()}
        empty={
          <StateView
            title='还没有积分记录'
            description='每天签到就能赚积分'
            actionText='去签到'
            onAction={() => void Taro.redirectTo({ url: '/packages/checkin/index' })}
          />
        }
      >
        {(entries) =>
          entries.map((entry) => (
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
          ))
        }
      </PagedListBody>
    </View>
  )
}
