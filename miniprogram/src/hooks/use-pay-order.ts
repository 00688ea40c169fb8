import { useState } from 'react'
import Taro from '@tarojs/taro'
import type { Order, SubscriptionMoment } from '@liuliang/shared'
import { IS_H5 } from '../env'
import { fetchOrder, startPayment } from '../services/orders'
import { useSubscribe } from './use-subscribe'

const POLL_INTERVAL_MS = 500
const POLL_TRIES = 30

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Paying: the server prepares the payment with WeChat Pay and signs the parameters the weapp hands to
 * wx.requestPayment (the h5 preview has no WeChat cashier: the sandbox's payer confirms by itself).
 * WeChat Pay then notifies the server, and the page polls the order until it is no longer waiting. Once the
 * cashier closes paid, the customer is asked for the subscription messages that follow the order (`moment`).
 */
export function usePayOrder(moment: SubscriptionMoment = 'order_paid') {
  const [paying, setPaying] = useState(false)
  const { ask } = useSubscribe(moment)

  const pay = async (orderId: number): Promise<Order | null> => {
    setPaying(true)
    try {
      const payment = await startPayment(orderId)
      if (!IS_H5 && payment.requestPayment) {
        try {
          await Taro.requestPayment({ ...payment.requestPayment })
        } catch (error) {
          // The payer closed the cashier: the order stays unpaid until its deadline, payable again.
          const cancelled = /cancel/.test((error as { errMsg?: string }).errMsg ?? '')
          void Taro.showToast({ title: cancelled ? '已取消支付' : '支付未完成，请重试', icon: 'none' })
          return null
        }
      }
      await ask()
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
