import { ORDER_TAB_LABELS, ORDER_TABS, type OrderTab } from '@liuliang/shared'
import '../fulfilment.css'

/** The status strip over the order list: every order, or one tab's (待付款 / 待发货 / 待收货 / 已完成 / 售后). */
export function OrderTabs({ value, onChange }: { value: OrderTab | ''; onChange: (tab: OrderTab | '') => void }) {
  const tabs: [OrderTab | '', string][] = [['', '全部'], ...ORDER_TABS.map((tab): [OrderTab, string] => [tab, ORDER_TAB_LABELS[tab]])]
  return (
    <div className="order-tabs" role="tablist" aria-label="订单进度">
      {tabs.map(([tab, label]) => (
        <button key={tab || 'all'} type="button" role="tab" aria-selected={value === tab} className="order-tabs__tab" onClick={() => onChange(tab)}>
          {label}
        </button>
      ))}
    </div>
  )
}
