import { View, Text } from '@tarojs/components'
import { Avatar, Progress } from '@nutui/nutui-react-taro'
import type { MeResponse } from '@liuliang/shared'
import '@nutui/nutui-react-taro/dist/es/packages/avatar/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/progress/style/css'
import './index.scss'

/** Name shown when WeChat gave us none (users must opt in to share it). */
export const ANONYMOUS_NAME = '微信用户'

function growthLine(growth: MeResponse['growth']): { percent: number; text: string } {
  if (growth.nextLevelAt === null) return { percent: 100, text: '已达最高等级' }
  const remaining = Math.max(growth.nextLevelAt - growth.value, 0)
  const percent = growth.nextLevelAt > 0 ? Math.min((growth.value / growth.nextLevelAt) * 100, 100) : 100
  return { percent, text: `再获得 ${remaining} 成长值升级` }
}

export function MemberCard({ member }: { member: MeResponse }) {
  const { customer, points, level, growth } = member
  const next = growthLine(growth)
  return (
    <View className='member-card'>
      <View className='member-card__head'>
        <Avatar size='large' src={customer.avatarUrl ?? ''} />
        <View className='member-card__who'>
          <Text className='member-card__name'>{customer.name ?? ANONYMOUS_NAME}</Text>
          <Text className='member-card__level'>{level.name}</Text>
        </View>
      </View>
      <View className='member-card__points'>
        <Text id='member-points' className='member-card__points-value'>{points.balance}</Text>
        <Text className='member-card__points-label'>
          {points.balance === 0 ? '积分（签到即可赚取）' : '积分'}
        </Text>
      </View>
      <View className='member-card__growth'>
        <Progress percent={next.percent} strokeWidth='4' color='#fa2c19' background='rgba(255,255,255,0.4)' />
        <Text className='member-card__growth-text'>
          成长值 {growth.value} · {next.text}
        </Text>
      </View>
    </View>
  )
}
