import type { Recommendation } from '@liuliang/shared'
import { InlineError } from '@liuliang/ui/feedback'
import { formatFen } from '@liuliang/ui/format'
import { Button } from '@liuliang/ui/nutui'
import { newRequestId } from '../../../lib/script-send'
import { useChatSend } from '../../../lib/chat-send'
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
  const { state, send } = useChatSend(() => prepareProductCard(externalUserId, item.productId, newRequestId()))
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
      {state.status === 'failed' && <InlineError error={state.error} />}
    </li>
  )
}
