import { View, Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { PageState } from '../../components/page-state'
import { useRemote } from '../../hooks/use-remote'
import { fetchFissionActivities } from '../../services/fission'
import { activityPage, STATUS_TEXT } from './links'
import '../../styles/activity.scss'
import './index.scss'

/** 邀请有礼: the running activities and those I joined, with my progress. */
export default function FissionListPage() {
  const { state, reload } = useRemote(() => fetchFissionActivities())
  return (
    <View className='activity-page'>
      <PageState state={state} onRetry={() => void reload()}>
        {({ items }) =>
          items.length === 0 ? (
            <View className='activity-card'>
              <Text className='activity-empty'>暂时没有邀请活动，敬请期待</Text>
            </View>
          ) : (
            items.map((activity) => (
              <View key={activity.id} id={`fission-${activity.id}`} className='activity-card' onClick={() => void Taro.navigateTo({ url: activityPage(activity.id) })}>
                <Text className='activity-title'>{activity.name}</Text>
                <Text className='activity-muted'>
                  邀请 {activity.goal} 位新好友，得 {activity.reward.title} · {STATUS_TEXT[activity.status]}
                </Text>
                {activity.me ? (
                  <Text className='fission__progress'>
                    已邀请 {activity.me.invited}/{activity.goal}
                    {activity.me.rewardState === 'issued' ? ' · 奖励已发放' : ''}
                  </Text>
                ) : null}
              </View>
            ))
          )
        }
      </PageState>
    </View>
  )
}
