import { View, Text } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { PageState } from '../../../components/page-state'
import { useRemote } from '../../../hooks/use-remote'
import { fetchMyGroups } from '../../../services/groupbuy'
import { yuan } from '../../../utils/format'
import { groupPage } from '../group/link'
import '../../../styles/activity.scss'

const STATUS = { pending: '待付款', open: '拼团中', succeeded: '已成团', failed: '未成团，已退款', cancelled: '已取消' } as const

export default function MyGroupsPage() {
  const { state, reload } = useRemote(() => fetchMyGroups())
  useDidShow(() => void reload())
  return (
    <View className='activity-page'>
      <PageState state={state} onRetry={() => void reload()}>
        {({ items }) =>
          items.length === 0 ? (
            <Text className='activity-empty'>还没有参加过拼团</Text>
          ) : (
            items.map((group) => (
              <View key={group.id} className='activity-card' onClick={() => void Taro.navigateTo({ url: groupPage(group.id) })}>
                <View className='activity-row'>
                  <Text>{group.productName}</Text>
                  <Text className='activity-muted'>{STATUS[group.status]}</Text>
                </View>
                <Text className='activity-muted'>
                  ¥{yuan(group.priceFen)} · {group.paidCount}/{group.groupSize} 人已付款
                </Text>
              </View>
            ))
          )
        }
      </PageState>
    </View>
  )
}
