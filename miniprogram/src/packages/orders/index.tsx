import { View, Text } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import type { Order } from '@liuliang/shared'
import { ORDER_STATUS_LABELS } from '@liuliang/shared/labels'
import { PageState } from '../../components/page-state'
import { useRemote } from '../../hooks/use-remote'
import { fetchMyOrders } from '../../services/orders'
import { yuan } from '../../utils/format'
import '../../styles/activity.scss'
import './index.scss'

const REFUND_TEXT = { pending: '退款处理中', succeeded: '已退回原支付账户' } as const

function OrderCard({ order }: { order: Order }) {
  return (
    <View
      id={`order-${order.id}`}
      className='activity-card orders__card'
      onClick={() => void Taro.navigateTo({ url: `/packages/orders/detail/index?id=${order.id}` })}
    >
      <View className='activity-row'>
        <Text>订单 {order.id}{order.kind === 'groupbuy' ? ' · 拼团' : ''}</Text>
        <Text className={`orders__status orders__status--${order.status}`}>{ORDER_STATUS_LABELS[order.status]}</Text>
      </View>
      <Text className='activity-muted'>{order.items.map((item) => `${item.name} × ${item.quantity}`).join('、')}</Text>
      <View className='activity-row'>
        <Text className='activity-muted'>{order.refund ? REFUND_TEXT[order.refund.status] : new Date(order.createdAt).toLocaleString()}</Text>
        <Text className='activity-price'>¥{yuan(order.amountFen)}</Text>
      </View>
    </View>
  )
}

export default function MyOrdersPage() {
  const { state, reload } = useRemote(() => fetchMyOrders())
  useDidShow(() => void reload())
  usePullDownRefresh(() => void reload().finally(() => Taro.stopPullDownRefresh()))
  return (
    <View className='activity-page'>
      <PageState state={state} onRetry={() => void reload()}>
        {(page) =>
          page.items.length === 0 ? (
            <Text className='activity-empty'>还没有订单</Text>
          ) : (
            page.items.map((order) => <OrderCard key={order.id} order={order} />)
          )
        }
      </PageState>
    </View>
  )
}
