import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { PageState } from '../../../components/page-state'
import { useRemote } from '../../../hooks/use-remote'
import { fetchCampaign, openGroup } from '../../../services/groupbuy'
import { yuan } from '../../../utils/format'
import { groupPage } from '../group/link'
import '../../../styles/activity.scss'

export default function CampaignPage() {
  const id = Number(useRouter().params.id)
  const { state, reload } = useRemote(() => fetchCampaign(id), id)
  const [busy, setBusy] = useState(false)

  const open = async () => {
    setBusy(true)
    try {
      const { group } = await openGroup(id)
      await Taro.navigateTo({ url: groupPage(group.id) })
    } catch {
      // The request's toast says why.
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='activity-page'>
      <PageState state={state} onRetry={() => void reload()}>
        {({ campaign, openGroups }) => (
          <>
            <View className='activity-card'>
              <Text className='activity-title'>{campaign.productName}</Text>
              <Text className='activity-muted'>
                {campaign.groupSize} 人成团，{Math.round(campaign.durationMinutes / 60)} 小时内未满员自动退款
              </Text>
              <View className='activity-row'>
                <Text className='activity-price'>¥{yuan(campaign.priceFen)}</Text>
                <Text className='activity-muted'>单买 ¥{yuan(campaign.originalPriceFen)}</Text>
              </View>
              <Button id='groupbuy-open' block type='primary' loading={busy} onClick={() => void open()}>
                发起拼团
              </Button>
            </View>
            <View className='activity-card'>
              <Text className='activity-title'>正在拼团，可直接参与</Text>
              {openGroups.length === 0 ? <Text className='activity-empty'>还没有人开团，快来当团长</Text> : null}
              {openGroups.map((group) => (
                <View key={group.id} id={`open-group-${group.id}`} className='activity-row' onClick={() => void Taro.navigateTo({ url: groupPage(group.id) })}>
                  <Text>{group.members.find((m) => m.isLeader)?.name ?? '微信用户'} 的团</Text>
                  <Text className='activity-muted'>还差 {group.seatsLeft} 人 · 去参团 ›</Text>
                </View>
              ))}
            </View>
          </>
        )}
      </PageState>
    </View>
  )
}
