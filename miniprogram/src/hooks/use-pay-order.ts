import { useState } from 'react'
import Taro from '@tarojs/taro'
import type { Order } from '@liuliang/shared'
import { fetchOrder, startPayment } from '../services/orders'

const POLL_INTERVAL_MS = 500
const POLL_TRIES = 30

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Paying: the server asks the payment provider, which confirms by notifying the server; the page
 * then polls the order until it is no longer waiting for payment.
 */
export function usePayOrder() {
  const [paying, setPaying] = useState(false)

  const pay = async (orderId: number): Promise<Order | null> => {
    setPaying(true)
    try {
      await startPayment(orderId)
      for (let attempt = 0; attempt < POLL_TRIES; attempt++) {
        await pause(POLL_INTERVAL_MS)
        const order = await fetchOrder(orderId, { silent: true })
        if (order.status !== 'pending_payment') {
          void Taro.showToast({ title: order.status === 'paid' ? '支付成功' : '支付未完成，款项将原路退回', icon: 'none' })
          return order
        }
      }
      void Taro.showToast({ title: '正在确认支付结果，请稍后在订单中查看', icon: 'none' })
      return null
    } catch {
      // The request's own toast has said what went wrong.
      return null
    } finally {
      setPaying(false)
    }
  }

  return { pay, paying }
}
