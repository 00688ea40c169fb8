import { useEffect, useRef } from 'react'
import Taro from '@tarojs/taro'
import type { SubscriptionMoment } from '@liuliang/shared'
import { IS_H5 } from '../env'
import { fetchMomentTemplates, reportSubscriptions } from '../services/subscriptions'

/** wx.requestSubscribeMessage's own fields besides the per-template answers. */
const NOT_TEMPLATES = new Set(['errMsg', 'errCode'])

/**
 * Asking for subscription messages at one moment of the mini-program. The templates are loaded with the page:
 * WeChat shows its dialog only in answer to a tap, so `ask` must reach it without waiting on the network. WeChat
 * tells the mini-program what the customer chose, and the server learns it from here. The h5 preview has no such
 * dialog: it reports every template accepted, as a customer tapping 允许 would, and says so.
 */
export function useSubscribe(moment: SubscriptionMoment) {
  const templates = useRef<string[]>([])

  useEffect(() => {
    fetchMomentTemplates(moment)
      .then((ids) => (templates.current = ids))
      .catch(() => undefined)
  }, [moment])

  const ask = async (): Promise<void> => {
    const tmplIds = templates.current
    if (tmplIds.length === 0) return
    try {
      let results: Record<string, string>
      if (IS_H5) {
        results = Object.fromEntries(tmplIds.map((id) => [id, 'accept']))
        void Taro.showToast({ title: '已订阅消息通知（预览）', icon: 'none' })
      } else {
        // entityIds is Alipay's; WeChat answers each template id with accept, reject, ban or filter.
        const answer = (await Taro.requestSubscribeMessage({ tmplIds, entityIds: [] })) as unknown as Record<string, string>
        results = Object.fromEntries(Object.entries(answer).filter(([key]) => !NOT_TEMPLATES.has(key)))
      }
      if (Object.values(results).includes('accept')) await reportSubscriptions(results)
    } catch {
      // Declining or a closed dialog is the customer's choice: nothing to tell them.
    }
  }

  return { ask }
}
