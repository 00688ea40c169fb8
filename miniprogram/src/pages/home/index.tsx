import { useEffect } from 'react'
import { View, Text } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { Skeleton } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/skeleton/style/css'
import { MemberCard } from '../../components/member-card'
import { StateView } from '../../components/state-view'
import { IS_H5 } from '../../env'
import { useMember } from '../../hooks/use-member'
import { DEV_LOGIN_PAGE, useSessionStore } from '../../stores/session'
import { ShopSection } from './shop-section'
import './index.scss'

// Each activity lives in its own subpackage; those without a page yet say so.
const ACTIVITIES: { key: string; name: string; url?: string }[] = [
  { key: 'checkin', name: '签到', url: '/packages/checkin/index' },
  { key: 'mall', name: '积分商城', url: '/packages/mall/index' },
  { key: 'points', name: '积分明细', url: '/packages/points/index' },
  { key: 'coupons', name: '优惠券', url: '/packages/coupons/index' },
  { key: 'coupon-centre', name: '领券中心', url: '/packages/coupons/centre/index' },
  { key: 'lottery', name: '抽奖', url: '/packages/lottery/index' },
  { key: 'groupbuy', name: '拼团', url: '/packages/groupbuy/index' },
  { key: 'distribution', name: '分销', url: '/packages/distribution/index' },
  { key: 'fission', name: '邀请有礼', url: '/packages/fission/index' },
]

function open(url: string | undefined) {
  if (url) void Taro.navigateTo({ url })
  else void Taro.showToast({ title: '即将开放', icon: 'none' })
}

function MemberSkeleton() {
  return (
    <View className='home__skeleton'>
      <Skeleton shape='circle' width='60px' height='60px' animated />
      <Skeleton rows={3} animated />
    </View>
  )
}

function Activities() {
  return (
    <View className='home__activities'>
      {ACTIVITIES.map((activity) => (
        <View
          key={activity.key}
          id={`entry-${activity.key}`}
          className={`home__activity${activity.url ? '' : ' home__activity--disabled'}`}
          onClick={() => open(activity.url)}
        >
          <View className='home__activity-glyph'>{activity.name.slice(0, 1)}</View>
          <Text className='home__activity-name'>{activity.name}</Text>
          {activity.url ? null : <Text className='home__activity-note'>即将开放</Text>}
        </View>
      ))}
    </View>
  )
}

export default function HomePage() {
  const { state, reload, signedIn } = useMember()
  const signInStatus = useSessionStore((s) => s.status)
  const signInError = useSessionStore((s) => s.error)
  const signIn = useSessionStore((s) => s.signIn)

  const needsDevLogin = IS_H5 && !signedIn && signInStatus === 'idle'
  useEffect(() => {
    if (needsDevLogin) void Taro.reLaunch({ url: DEV_LOGIN_PAGE })
  }, [needsDevLogin])

  useDidShow(() => {
    // Points change on other pages; refresh the card when the user comes back to this tab.
    if (signedIn && state.status === 'ready') void reload()
  })

  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh())
  })

  let card
  if (!signedIn && signInStatus === 'failed') {
    card = (
      <StateView
        title='登录失败'
        description={signInError ?? undefined}
        actionText='重试'
        actionId='home-signin-retry'
        onAction={() => void signIn().catch(() => undefined)}
      />
    )
  } else if (!signedIn && IS_H5 && signInStatus === 'idle') {
    card = (
      <StateView
        title='还没有登录'
        description='预览版需要先选择一个体验账号'
        actionText='去登录'
        onAction={() => void Taro.reLaunch({ url: DEV_LOGIN_PAGE })}
      />
    )
  } else if (state.status === 'error') {
    card = <StateView title='会员信息加载失败' description={state.message} actionText='重试' onAction={() => void reload()} />
  } else if (state.status === 'ready') {
    card = <MemberCard member={state.data} />
  } else {
    card = <MemberSkeleton />
  }

  return (
    <View className='home'>
      {card}
      <Activities />
      <ShopSection signedIn={signedIn} />
    </View>
  )
}
