import { ORDER_TAB_LABELS, ORDER_TABS, type OrderTab } from '@liuliang/shared'
import { TabStrip } from '../../../lib/tab-strip'

/** The status strip over the order list: every order, or one tab's (待付款 / 待发货 / 待收货 / 已完成 / 售后). */
export function OrderTabs({ value, onChange }: { value: OrderTab | ''; onChange: (tab: OrderTab | '') => void }) {
  const tabs: [OrderTab | '', string][] = [['', '全部'], ...ORDER_TABS.map((tab): [OrderTab, string] => [tab, ORDER_TAB_LABELS[tab]])]
  return <TabStrip tabs={tabs} value={value} onChange={onChange} label="订单进度" />
}
