import { RFM_MONETARY_MODE_NAMES, rfmSegmentName, type RfmSection } from '@liuliang/shared'
import { formatDate, formatFen } from '../../format'

const level = (high: boolean | undefined) => (high === undefined ? '' : high ? '（高）' : '（低）')

/** The RFM segment and the three figures behind it, each marked high or low against the brand's thresholds. */
export function RfmPanel({ rfm }: { rfm: RfmSection }) {
  const { scores } = rfm
  return (
    <section className="rfm" aria-label="RFM 分群">
      <h2 className="card__title">
        RFM 分群：<span className="rfm__segment">{rfmSegmentName(rfm.segment)}</span>
      </h2>
      {rfm.segment === null ? (
        <p className="muted">还没有有效消费（已支付且未退款的订单）</p>
      ) : (
        <dl className="stats">
          <div className="stats__item">
            <dt>最近消费{level(scores?.recency)}</dt>
            <dd title={rfm.lastPurchasedAt ? formatDate(rfm.lastPurchasedAt) : undefined}>{rfm.recencyDays} 天前</dd>
          </div>
          <div className="stats__item">
            <dt>近 {rfm.windowDays} 天消费次数{level(scores?.frequency)}</dt>
            <dd>{rfm.orders} 次</dd>
          </div>
          <div className="stats__item">
            <dt>
              {RFM_MONETARY_MODE_NAMES[rfm.monetaryMode]}
              {level(scores?.monetary)}
            </dt>
            <dd>{formatFen(rfm.monetaryFen)}</dd>
          </div>
        </dl>
      )}
    </section>
  )
}
