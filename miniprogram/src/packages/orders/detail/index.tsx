import { View, Text } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { PageState } from '../../../components/page-state'
import { usePayOrder } from '../../../hooks/use-pay-order'
import { useRemote } from '../../../hooks/use-remote'
import { confirmReceipt, fetchOrder } from '../../../services/orders'
import { ORDER_STATUS_TEXT, countdown, yuan } from '../../../utils/format'
import '../../../styles/activity.scss'

export default function OrderDetailPage() {
  const id = Number(useRouter().params.id)
  const { state, reload, setState } = useRemote(() => fetchOrder(id), id)
  const { pay, paying } = usePayOrder()

  const payNow = async () => {
    const order = await pay(id)
    if (order) setState({ status: 'ready', data: order })
  }
  const confirm = async () => {
    setState({ status: 'ready', data: await confirmReceipt(id) })
  }

  return (
    <View className='activity-page'>
      <PageState state={state} onRetry={() => void reload()}>
        {(order) => (
          <>
            <View className='activity-card'>
              <Text id='order-status' className='activity-title'>
                {ORDER_STATUS_TEXT[order.status]}
              </Text>
              {order.status === 'pending_payment' ? (
                <Text className='activity-muted'>请在 {countdown(order.payDeadline, Date.now())} 内付款，超时订单将自动取消</Text>
              ) : null}
              {order.refund ? (
                <Text id='order-refund' className='activity-muted'>
                  {order.refund.status === 'succeeded' ? '已退款' : '退款处理中'}：¥{yuan(order.refund.amountFen)}（{order.refund.reason}）
                </Text>
              ) : null}
              {order.pointsAwarded > 0 ? <Text className='activity-muted'>完成订单获得 {order.pointsAwarded} 积分</Text> : null}
            </View>
            <View className='activity-card'>
              {order.items.map((item) => (
                <View key={item.productId} className='activity-row'>
                  <Text>
                    {item.name} × {item.quantity}
                  </Text>
                  <Text>¥{yuan(item.priceFen * item.quantity)}</Text>
                </View>
              ))}
              <View className='activity-row'>
                <Text>实付</Text>
                <Text id='order-amount' className='activity-price'>
                  ¥{yuan(order.amountFen)}
                </Text>
              </View>
            </View>
            <View className='activity-actions'>
              {order.status === 'pending_payment' ? (
                <Button id='order-pay' block type='primary' loading={paying} onClick={() => void payNow()}>
                  {paying ? '支付确认中' : `立即支付 ¥${yuan(order.amountFen)}`}
                </Button>
              ) : null}
              {order.status === 'paid' && order.kind === 'normal' ? (
                <Button id='order-confirm' block type='primary' fill='outline' onClick={() => void confirm()}>
                  确认收货
                </Button>
              ) : null}
            </View>
          </>
        )}
      </PageState>
    </View>
  )
}
