import { View, Text } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { useState } from 'react'
import type { Order, OrderTab } from '@liuliang/shared'
import { AFTER_SALE_STATUS_LABELS, ORDER_STATUS_LABELS, ORDER_TAB_LABELS, ORDER_TABS } from '@liuliang/shared/labels'
import { PagedListBody } from '../../components/paged-list'
import { useInfiniteList } from '../../hooks/use-paged-list'
import { fetchMyOrders } from '../../services/orders'
import { yuan } from '../../utils/format'
import '../../styles/activity.scss'
import './index.scss'

const REFUND_TEXT = { pending: '退款处理中', succeeded: '已退回原支付账户', failed: '退款遇到问题，客服将联系您' } as const

function OrderCard({ order }: { order: Order }) {
  const note = order.afterSale?.status === 'pending' ? `售后${AFTER_SALE_STATUS_LABELS.pending}` : order.refund ? REFUND_TEXT[order.refund.status] : null
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
        <Text className='activity-muted'>{note ?? new Date(order.createdAt).toLocaleString()}</Text>
        <Text className='activity-price'>¥{yuan(order.amountFen)}</Text>
      </View>
    </View>
  )
}

const TABS: [OrderTab | '', string][] = [['', '全部'], ...ORDER_TABS.map((tab): [OrderTab, string] => [tab, ORDER_TAB_LABELS[tab]])]

/** My orders by the status strip: 全部 / 待付款 / 待发货 / 待收货 / 已完成 / 售后; a link may open one tab (?tab=to_receive). */
export default function MyOrdersPage() {
  const initial = useRouter().params.tab
  const [tab, setTab] = useState<OrderTab | ''>(ORDER_TABS.find((t) => t === initial) ?? '')
  const { list, refresh } = useInfiniteList((cursor) => fetchMyOrders(tab || undefined, cursor ?? undefined), tab)
  // Back from an order (paid, confirmed, asked about), the list shows where it stands now.
  const [shown, setShown] = useState(false)
  useDidShow(() => {
    if (shown) void refresh()
    setShown(true)
  })
  return (
    <View className='activity-page'>
      <View className='orders__tabs'>
        {TABS.map(([key, label]) => (
          <Text key={key || 'all'} id={`orders-tab-${key || 'all'}`} className={`orders__tab${tab === key ? ' orders__tab--active' : ''}`} onClick={() => setTab(key)}>
            {label}
          </Text>
        ))}
      </View>
      <PagedListBody list={list} onRetry={() => void refresh()} empty={<Text className='activity-empty'>{tab ? `没有${ORDER_TAB_LABELS[tab]}的订单` : '还没有订单'}</Text>}>
        {(items) => items.map((order) => <OrderCard key={order.id} order={order} />)}
      </PagedListBody>
    </View>
  )
}
