import { Skeleton } from '../../nutui'

/** Holds the 360 view's shape while it loads, so nothing jumps when it arrives. */
export function CustomerSkeleton() {
  return (
    <div className="customer-360" aria-busy="true" aria-label="客户资料加载中">
      <section className="card customer-header">
        <div className="customer-header__who">
          <Skeleton shape="circle" width={48} height={48} animated />
          <div className="customer-header__text">
            <Skeleton width={120} height={20} animated />
            <Skeleton width={180} height={16} animated />
          </div>
        </div>
        <Skeleton rows={1} animated />
      </section>
      <section className="card">
        <Skeleton rows={3} animated />
      </section>
    </div>
  )
}
