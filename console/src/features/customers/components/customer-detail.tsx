import { useMemo } from 'react'
import { CustomerView } from '@liuliang/ui/customer-360'
import { adminSource, useAdminCustomer360 } from '../api/customer-360'
import { CustomerRecommendations } from './customer-recommendations'

/**
 * One customer's 360 view, the same the guides see in the sidebar, read-only, with the purchase
 * recommendations the sidebar offers; back leads to the list as it was.
 */
export function CustomerDetail({ customerId, onBack }: { customerId: number; onBack: () => void }) {
  const customer = useAdminCustomer360(customerId)
  const source = useMemo(() => adminSource(customerId), [customerId])
  return (
    <section className="customer-detail" aria-label="客户详情">
      <button className="button button--link customer-detail__back" type="button" onClick={onBack}>
        ← 返回客户列表
      </button>
      <CustomerView customer={customer} source={source} />
      <CustomerRecommendations customerId={customerId} />
    </section>
  )
}
