import { orderStatusLabel, type OrdersSection } from '@liuliang/shared'
import { formatDate, formatFen } from '../../format'

/** The orders domain's summary: spend, habits, what to suggest next. */
export function OrdersPanel({ orders }: { orders: OrdersSection | null }) {
  if (!orders || orders.count === 0) return <p className="muted">还没有订单</p>
  const { purchaseSuggestion: suggestion } = orders
  return (
    <div className="orders">
      <dl className="stats">
        <div className="stats__item">
          <dt>订单数</dt>
          <dd>{orders.count}</dd>
        </div>
        <div className="stats__item">
          <dt>客单价</dt>
          <dd>{formatFen(orders.averageOrderValueFen)}</dd>
        </div>
        <div className="stats__item">
          <dt>最近购买</dt>
          <dd>{orders.lastPurchasedAt ? formatDate(orders.lastPurchasedAt) : '—'}</dd>
        </div>
      </dl>
      {suggestion && (
        <p className="suggestion">
          约每 {suggestion.averageIntervalDays} 天回购一次「{suggestion.productName}」，
          {suggestion.overdue ? '已过' : '预计'} {formatDate(suggestion.dueAt)} 该补货了
        </p>
      )}
      {orders.favouriteProducts.length > 0 && (
        <p className="muted">常买：{orders.favouriteProducts.map((product) => `${product.name}×${product.quantity}`).join('、')}</p>
      )}
      <ul className="notes">
        {orders.recent.map((order) => (
          <li key={order.id} className="note">
            <div className="note__head">
              <span className="note__author">{order.title}</span>
              <span>{formatFen(order.amountFen)}</span>
            </div>
            <span className="muted">
              {formatDate(order.createdAt)} · {orderStatusLabel(order.status)}
            </span>
          </li>
        ))}
      </ul>
    </div>
  )
}
