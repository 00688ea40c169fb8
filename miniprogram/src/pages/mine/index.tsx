import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Avatar, Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/avatar/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { ORDER_TAB_LABELS, ORDER_TABS } from '@liuliang/shared/labels'
import { ANONYMOUS_NAME } from '../../components/member-card'
import { useSessionStore } from '../../stores/session'
import './index.scss'

const LINKS = [
  { id: 'mine-points', name: '积分明细', url: '/packages/points/index' },
  { id: 'mine-coupons', name: '我的优惠券', url: '/packages/coupons/index' },
  { id: 'mine-coupon-centre', name: '领券中心', url: '/packages/coupons/centre/index' },
  { id: 'mine-mall', name: '积分商城', url: '/packages/mall/index' },
  { id: 'mine-redemptions', name: '兑换记录', url: '/packages/mall/redemptions/index' },
  { id: 'mine-checkin', name: '每日签到', url: '/packages/checkin/index' },
  { id: 'mine-orders', name: '我的订单', url: '/packages/orders/index' },
  { id: 'mine-groups', name: '我的拼团', url: '/packages/groupbuy/mine/index' },
  { id: 'mine-prizes', name: '我的奖品', url: '/packages/lottery/prizes/index' },
  { id: 'mine-distribution', name: '分销中心', url: '/packages/distribution/index' },
  { id: 'mine-cart', name: '购物车', url: '/packages/shop/cart/index' },
  { id: 'mine-addresses', name: '收货地址', url: '/packages/shop/addresses/index' },
  { id: 'mine-advisor', name: '添加专属顾问', url: '/packages/shop/advisor/index' },
] as const

export default function MinePage() {
  const customer = useSessionStore((s) => s.customer)
  const [busy, setBusy] = useState(false)

  const logout = async () => {
    const { confirm } = await Taro.showModal({ title: '退出登录', content: '确定要退出当前账号吗？' })
    if (!confirm) return
    setBusy(true)
    const { clear, signIn } = useSessionStore.getState()
    clear()
    try {
      // In WeChat this signs straight back in as the same user with a fresh session; the h5
      // preview forgets who was picked, so it opens the dev-login page instead.
      const session = await signIn()
      if (session) void Taro.showToast({ title: '已重新登录', icon: 'success' })
    } catch {
      // The store keeps the error; the home tab shows it with a retry button.
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='mine'>
      <View className='mine__profile'>
        <Avatar size='large' src={customer?.avatarUrl ?? ''} />
        <Text className='mine__name'>{customer ? (customer.name ?? ANONYMOUS_NAME) : '未登录'}</Text>
      </View>
      <View className='mine__order-strip'>
        {ORDER_TABS.map((tab) => (
          <Text key={tab} id={`mine-orders-${tab}`} className='mine__order-tab' onClick={() => void Taro.navigateTo({ url: `/packages/orders/index?tab=${tab}` })}>
            {ORDER_TAB_LABELS[tab]}
          </Text>
        ))}
      </View>
      <View className='mine__links'>
        {LINKS.map((link) => (
          <View key={link.id} id={link.id} className='mine__link' onClick={() => void Taro.navigateTo({ url: link.url })}>
            <Text>{link.name}</Text>
            <Text className='mine__link-arrow'>›</Text>
          </View>
        ))}
      </View>
      <View className='mine__actions'>
        <Button block type='default' loading={busy} disabled={!customer} onClick={() => void logout()}>
          退出登录
        </Button>
      </View>
    </View>
  )
}
