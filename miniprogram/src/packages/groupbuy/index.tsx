import { View, Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { PageState } from '../../components/page-state'
import { useRemote } from '../../hooks/use-remote'
import { fetchCampaigns } from '../../services/groupbuy'
import { yuan } from '../../utils/format'
import '../../styles/activity.scss'

export default function GroupbuyListPage() {
  const { state, reload } = useRemote(() => fetchCampaigns())
  return (
    <View className='activity-page'>
      <View id='groupbuy-mine' className='activity-card' onClick={() => void Taro.navigateTo({ url: '/packages/groupbuy/mine/index' })}>
        <View className='activity-row'>
          <Text>我的拼团</Text>
          <Text className='activity-muted'>›</Text>
        </View>
      </View>
      <PageState state={state} onRetry={() => void reload()}>
        {({ items }) =>
          items.length === 0 ? (
            <Text className='activity-empty'>暂时没有拼团活动</Text>
          ) : (
            items.map((campaign) => (
              <View
                key={campaign.id}
                id={`campaign-${campaign.id}`}
                className='activity-card'
                onClick={() => void Taro.navigateTo({ url: `/packages/groupbuy/campaign/index?id=${campaign.id}` })}
              >
                <Text className='activity-title'>{campaign.productName}</Text>
                <Text className='activity-muted'>
                  {campaign.groupSize} 人团 · 原价 ¥{yuan(campaign.originalPriceFen)}
                </Text>
                <View className='activity-row'>
                  <Text className='activity-price'>¥{yuan(campaign.priceFen)}</Text>
                  <Text className='activity-muted'>去拼团 ›</Text>
                </View>
              </View>
            ))
          )
        }
      </PageState>
    </View>
  )
}
