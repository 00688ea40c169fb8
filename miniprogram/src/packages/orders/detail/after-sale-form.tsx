import { View, Text } from '@tarojs/components'
import { Button, Input, TextArea } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css'
import { useState } from 'react'
import type { AfterSaleKind, Order } from '@liuliang/shared'
import { AFTER_SALE_KIND_LABELS, AFTER_SALE_KINDS } from '@liuliang/shared/labels'
import { requestAfterSale } from '../../../services/orders'
import { yuan } from '../../../utils/format'

/** Yuan as typed ("12.5") in fen, or null when it is not an amount. */
const toFen = (text: string) => (/^\d+(\.\d{1,2})?$/.test(text.trim()) ? Math.round(Number(text.trim()) * 100) : null)

/** Ask for a refund: refund only, or return and refund (once shipped), with a reason and up to what the order still holds. */
export function AfterSaleForm({ order, onDone, onCancel }: { order: Order; onDone: (order: Order) => void; onCancel: () => void }) {
  const left = order.amountFen - order.refundedFen
  const shipped = order.status === 'shipped' || order.status === 'completed'
  const [kind, setKind] = useState<AfterSaleKind>(shipped ? 'return_refund' : 'refund_only')
  const [amount, setAmount] = useState(yuan(left))
  const [reason, setReason] = useState('')
  const [sending, setSending] = useState(false)
  const fen = toFen(amount)
  const problem = fen === null || fen < 1 ? '请填写退款金额' : fen > left ? `最多可退 ¥${yuan(left)}` : reason.trim() === '' ? '请填写申请原因' : null

  const send = async () => {
    if (problem || fen === null) return
    setSending(true)
    try {
      await requestAfterSale(order.id, { kind, amountFen: fen, reason: reason.trim() })
      onDone(order)
    } finally {
      setSending(false)
    }
  }

  return (
    <View id='after-sale-form' className='activity-card after-sale-form'>
      <Text className='activity-title'>申请售后</Text>
      <View className='after-sale-form__kinds'>
        {AFTER_SALE_KINDS.filter((k) => shipped || k === 'refund_only').map((k) => (
          <Text key={k} id={`after-sale-kind-${k}`} className={`after-sale-form__kind${kind === k ? ' after-sale-form__kind--active' : ''}`} onClick={() => setKind(k)}>
            {AFTER_SALE_KIND_LABELS[k]}
          </Text>
        ))}
      </View>
      <View className='activity-row'>
        <Text>退款金额（元）</Text>
        <Input id='after-sale-amount' type='digit' value={amount} onChange={setAmount} />
      </View>
      <Text className='activity-muted'>最多可退 ¥{yuan(left)}</Text>
      <TextArea id='after-sale-reason' placeholder='请说明原因，如尺码不合适、商品有瑕疵' maxLength={200} value={reason} onChange={setReason} />
      {problem && amount !== '' ? <Text className='activity-muted'>{problem}</Text> : null}
      <View className='activity-actions'>
        <Button id='after-sale-submit' block type='primary' loading={sending} disabled={problem !== null} onClick={() => void send()}>
          提交申请
        </Button>
        <Button block fill='outline' onClick={onCancel}>
          取消
        </Button>
      </View>
    </View>
  )
}
