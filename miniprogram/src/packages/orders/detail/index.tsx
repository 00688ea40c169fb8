import { View, Text } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { Button, Dialog } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/dialog/style/css'
import { useState } from 'react'
import { AFTER_SALE_KIND_LABELS, AFTER_SALE_STATUS_LABELS, ORDER_STATUS_LABELS } from '@liuliang/shared/labels'
import { PageState } from '../../../components/page-state'
import { usePayOrder } from '../../../hooks/use-pay-order'
import { useRemote } from '../../../hooks/use-remote'
import { confirmReceipt, fetchOrder } from '../../../services/orders'
import { countdown, formatDateTime, yuan } from '../../../utils/format'
import '../../../styles/activity.scss'
import { AfterSaleForm } from './after-sale-form'
import './index.scss'

export default function OrderDetailPage() {
  const id = Number(useRouter().params.id)
  const { state, reload, setState } = useRemote(() => fetchOrder(id), id)
  const { pay, paying } = usePayOrder()

  const payNow = async () => {
    const order = await pay(id)
    if (order) setState({ status: 'ready', data: order })
  }
  // Confirming receipt completes the order (and its points and commission follow): asked about first.
  const [asking, setAsking] = useState(false)
  const [requesting, setRequesting] = useState(false)
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
                {ORDER_STATUS_LABELS[order.status]}
              </Text>
              {order.status === 'pending_payment' ? (
                <Text className='activity-muted'>请在 {countdown(order.payDeadline, Date.now())} 内付款，超时订单将自动取消</Text>
              ) : null}
              {order.shipment ? (
                <>
                  <Text id='order-shipment' className='activity-muted'>
                    {order.shipment.carrierName} {order.shipment.trackingNo}（{formatDateTime(order.shipment.shippedAt)} 发货）
                  </Text>
                  {order.status === 'shipped' ? (
                    <Text className='activity-muted'>{formatDateTime(order.shipment.autoCompleteAt)} 前未确认将自动确认收货</Text>
                  ) : null}
                </>
              ) : null}
              {order.refund ? (
                <Text id='order-refund' className='activity-muted'>
                  {order.refund.status === 'succeeded' ? '已退款' : order.refund.status === 'failed' ? '退款遇到问题，客服将联系您' : '退款处理中'}：¥
                  {yuan(order.refund.amountFen)}（{order.refund.reason}）
                </Text>
              ) : null}
              {order.refundedFen > 0 ? (
                <Text id='order-refunded' className='activity-muted'>
                  累计退款 ¥{yuan(order.refundedFen)}
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
            {order.afterSale ? (
              <View id='order-after-sale' className='activity-card'>
                <View className='activity-row'>
                  <Text>
                    售后 · {AFTER_SALE_KIND_LABELS[order.afterSale.kind]} ¥{yuan(order.afterSale.amountFen)}
                  </Text>
                  <Text id='after-sale-status' className='orders__status'>
                    {order.afterSale.status === 'approved' && order.afterSale.refund?.status === 'succeeded' ? '已退款' : AFTER_SALE_STATUS_LABELS[order.afterSale.status]}
                  </Text>
                </View>
                <Text className='activity-muted'>原因：{order.afterSale.reason}</Text>
                {order.afterSale.rejectReason ? <Text className='activity-muted'>拒绝原因：{order.afterSale.rejectReason}</Text> : null}
              </View>
            ) : null}
            {requesting ? (
              <AfterSaleForm
                order={order}
                onDone={() => {
                  setRequesting(false)
                  void reload()
                }}
                onCancel={() => setRequesting(false)}
              />
            ) : null}
            <View className='activity-actions'>
              {order.status === 'pending_payment' ? (
                <Button id='order-pay' block type='primary' loading={paying} onClick={() => void payNow()}>
                  {paying ? '支付确认中' : `立即支付 ¥${yuan(order.amountFen)}`}
                </Button>
              ) : null}
              {order.status === 'shipped' ? (
                <Button id='order-confirm' block type='primary' fill='outline' onClick={() => setAsking(true)}>
                  确认收货
                </Button>
              ) : null}
              {order.afterSaleAllowed && !requesting ? (
                <Button id='order-after-sale-request' block fill='outline' onClick={() => setRequesting(true)}>
                  申请售后
                </Button>
              ) : null}
            </View>
            <Dialog
              className='order-confirm-dialog'
              visible={asking}
              title='确认收货'
              confirmText='确认已收到'
              cancelText='还没收到'
              closeOnOverlayClick={false}
              onConfirm={confirm}
              onCancel={() => setAsking(false)}
              onClose={() => setAsking(false)}
            >
              确认已收到 {order.items.map((item) => item.name).join('、')} 吗？确认后订单即完成。
            </Dialog>
          </>
        )}
      </PageState>
    </View>
  )
}
