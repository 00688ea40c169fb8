import type { CustomerRecommendations as Recommendations } from '@liuliang/shared'
import { errorMessage } from '@liuliang/ui/errors'
import { formatDateTime, formatFen } from '@liuliang/ui/format'
import { useCustomerRecommendations } from '../api/customer-360'

/**
 * 「猜你想买」 as the guides see it in the sidebar, read-only: the customer's likely next purchases with
 * the reason, and how the product cards guides sent them went.
 */
export function CustomerRecommendations({ customerId }: { customerId: number }) {
  const recommendations = useCustomerRecommendations(customerId)
  return (
    <section className="card" aria-label="猜你想买">
      <h2 className="card__title">猜你想买</h2>
      {recommendations.status === 'loading' && <p className="muted">推荐加载中…</p>}
      {recommendations.status === 'error' && (
        <p className="form-error" role="alert">
          推荐加载失败：{errorMessage(recommendations.error)}
          <button className="button button--link" type="button" onClick={recommendations.reload}>
            重试
          </button>
        </p>
      )}
      {recommendations.status === 'success' && <RecommendationDetail data={recommendations.data} />}
    </section>
  )
}

function RecommendationDetail({ data }: { data: Recommendations }) {
  return (
    <>
      {data.items.length === 0 ? (
        <p className="muted">暂无推荐：客户有购买记录、且商品的复购周期或常一起购买的商品已算出后，这里会给出推荐。</p>
      ) : (
        <ul className="notes">
          {data.items.map((item) => (
            <li key={item.productId} className="note" aria-label={item.productName}>
              <span>
                <b>{item.productName}</b> <span className="muted">{formatFen(item.priceFen)}</span>
              </span>
              <span className="note__content">{item.reason}</span>
            </li>
          ))}
        </ul>
      )}
      <h3 className="card__title card__title--spaced">推荐效果</h3>
      {data.sends === 0 ? (
        <p className="muted">导购还没有给这位客户发过推荐商品</p>
      ) : (
        <>
          <p role="status">
            导购发送推荐 {data.sends} 次，之后购买 {data.bought} 次（{Math.round((data.bought / data.sends) * 1000) / 10}%）
          </p>
          <ul className="notes" aria-label="最近发送的推荐">
            {data.recentSends.map((send) => (
              <li key={`${send.sentAt}-${send.productId}`} className="note">
                <span className="note__head">
                  <span>
                    <span className="note__author">{send.staff.name}</span> 发送「{send.productName}」
                  </span>
                  <time dateTime={send.sentAt}>{formatDateTime(send.sentAt)}</time>
                </span>
                <span className="note__content">
                  {send.reason} · {send.bought ? '已购买' : '未购买'}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  )
}
