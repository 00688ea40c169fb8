import { useState } from 'react'
import type { Recommendation } from '@liuliang/shared'
import { errorMessage } from '@liuliang/ui/errors'
import { formatFen } from '@liuliang/ui/format'
import { Button } from '@liuliang/ui/nutui'
import { newRequestId } from '../../../lib/script-send'
import { sendChatMessage } from '../../../lib/wecom'
import { prepareProductCard } from '../api/recommendations'
import '../recommendations.css'

/** 「猜你想买」: the customer's likely next purchases with the reason, each sent as a product card by one tap. */
export function RecommendationCard({ externalUserId, items }: { externalUserId: string; items: Recommendation[] }) {
  if (items.length === 0) return null
  return (
    <section className="card" aria-label="猜你想买">
      <h2 className="card__title">猜你想买</h2>
      <ul className="notes">
        {items.map((item) => (
          <RecommendationItem key={item.productId} externalUserId={externalUserId} item={item} />
        ))}
      </ul>
    </section>
  )
}

function RecommendationItem({ externalUserId, item }: { externalUserId: string; item: Recommendation }) {
  const [state, setState] = useState<{ status: 'idle' | 'sending' | 'sent' } | { status: 'failed'; message: string }>({ status: 'idle' })
  const send = async () => {
    setState({ status: 'sending' })
    try {
      const { message } = await prepareProductCard(externalUserId, item.productId, newRequestId())
      await sendChatMessage(message)
      setState({ status: 'sent' })
    } catch (failure) {
      setState({ status: 'failed', message: errorMessage(failure) })
    }
  }
  return (
    <li className="note recommendation" aria-label={item.productName}>
      <div className="reminder-row">
        {item.imageUrl && <img className="recommendation__image" src={item.imageUrl} alt="" loading="lazy" />}
        <span className="reminder__text">
          <b>{item.productName}</b>
          <span className="muted">{formatFen(item.priceFen)}</span>
          <span className="note__content">{item.reason}</span>
        </span>
        <Button size="mini" type="primary" loading={state.status === 'sending'} onClick={send}>
          {state.status === 'sent' ? '已发送' : '发商品'}
        </Button>
      </div>
      {state.status === 'failed' && (
        <p className="form-error" role="alert">
          {state.message}
        </p>
      )}
    </li>
  )
}
