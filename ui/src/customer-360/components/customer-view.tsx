import { useState } from 'react'
import type { Customer360 } from '@liuliang/shared'
import { errorMessage } from '../../errors'
import { ApiError } from '../../http'
import { Button } from '../../nutui'
import type { RequestResult } from '../../use-request'
import type { Customer360Source } from '../source'
import { CustomerHeader } from './customer-header'
import { CustomerSkeleton } from './customer-skeleton'
import { FollowUpList, FollowUpPanel } from './follow-up-panel'
import { FollowerList } from './follower-list'
import { GroupsPanel } from './groups-panel'
import { OrdersPanel } from './orders-panel'
import { ProfilePanel } from './profile-panel'
import { RfmPanel } from './rfm-panel'
import { TagSection } from './tag-section'
import { TimelinePanel } from './timeline-panel'
import '../customer-360.css'

export type CustomerTab = 'timeline' | 'notes' | 'orders' | 'profile'
type TabKey = CustomerTab

/** The 360 screen: who this is at a glance, tags, then tabs for what happened, notes, orders and details. */
export function CustomerView({
  customer,
  source,
  initialTab = 'timeline',
}: {
  customer: RequestResult<Customer360>
  source: Customer360Source
  /** the tab shown first: a reminder opens the customer on their notes */
  initialTab?: CustomerTab
}) {
  const [tab, setTab] = useState<TabKey>(initialTab)

  if (customer.status === 'loading') return <CustomerSkeleton />
  if (customer.status === 'error') return <CustomerError error={customer.error} onRetry={customer.reload} />

  const { data, mutate, refresh } = customer
  const { guide } = source
  // Show what the answer already says at once, then fetch the rest (timeline, lifecycle) it changed.
  const apply = (update: (current: Customer360) => Customer360) => {
    mutate(update)
    refresh()
  }
  // Orders show only once an orders domain reports them.
  const tabs: [TabKey, string][] = [
    ['timeline', '动态'],
    ['notes', `跟进${data.followUps.items.length > 0 ? `（${data.followUps.items.length}${data.followUps.nextCursor ? '+' : ''}）` : ''}`],
    ...(data.sections.orders !== undefined ? ([['orders', '订单']] as [TabKey, string][]) : []),
    ['profile', '资料'],
  ]
  return (
    <div className="customer-360">
      <CustomerHeader data={data} />
      <TagSection
        tags={data.tags}
        editor={guide && { ...guide, onChanged: (tags) => apply((current) => ({ ...current, tags })) }}
      />
      <section className="card">
        <div className="tabs" role="tablist" aria-label="客户信息">
          {tabs.map(([key, label]) => (
            <button key={key} type="button" role="tab" className="tabs__tab" aria-selected={tab === key} onClick={() => setTab(key)}>
              {label}
            </button>
          ))}
        </div>
        <div role="tabpanel" className="tabs__panel">
          {tab === 'timeline' && <TimelinePanel first={data.timeline} loadPage={source.loadTimelinePage} />}
          {tab === 'notes' &&
            (guide ? (
              <FollowUpPanel
                guide={guide}
                followUps={data.followUps}
                loadPage={source.loadFollowUpPage}
                myReminders={data.myReminders}
                onChanged={refresh}
              />
            ) : (
              <FollowUpList first={data.followUps} loadPage={source.loadFollowUpPage} />
            ))}
          {tab === 'orders' && (
            <>
              {data.sections.rfm && <RfmPanel rfm={data.sections.rfm} />}
              <OrdersPanel orders={data.sections.orders ?? null} />
            </>
          )}
          {tab === 'profile' && (
            <>
              <ProfilePanel
                profile={data.profile}
                editor={guide && { ...guide, onSaved: (profile) => apply((current) => ({ ...current, profile })) }}
              />
              <h2 className="card__title card__title--spaced">跟进导购</h2>
              <FollowerList followers={data.followers} myUserId={guide?.userId ?? null} />
              {data.sections.groups !== undefined && (
                <>
                  <h2 className="card__title card__title--spaced">所在客户群</h2>
                  <GroupsPanel groups={data.sections.groups} />
                </>
              )}
            </>
          )}
        </div>
      </section>
    </div>
  )
}

function CustomerError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const code = error instanceof ApiError ? error.code : null
  if (code === 'CUSTOMER_NOT_FOLLOWED') {
    return (
      <div className="state-block" role="alert">
        <p className="state-block__title">该客户不是你的客户</p>
        <p className="muted">只有跟进该客户的导购可以查看其资料</p>
      </div>
    )
  }
  const title = code === 'CUSTOMER_NOT_FOUND' ? '未找到该客户' : '客户资料加载失败'
  const detail = code === 'CUSTOMER_NOT_FOUND' ? '客户资料可能还在同步中，请稍后重试' : errorMessage(error)
  return (
    <div className="state-block" role="alert">
      <p className="state-block__title">{title}</p>
      <p className="muted">{detail}</p>
      <Button type="primary" size="small" onClick={onRetry}>
        重试
      </Button>
    </div>
  )
}
