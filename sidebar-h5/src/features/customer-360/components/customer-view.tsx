import type { Staff } from '@liuliang/shared'
import { errorMessage } from '../../../lib/errors'
import { formatDate } from '../../../lib/format'
import { ApiError } from '../../../lib/http'
import { Avatar, Button, TAG_TONES, Tag } from '../../../lib/ui'
import { useCustomer } from '../api/get-customer'
import { GENDER_LABELS } from '../follow-labels'
import { CustomerSkeleton } from './customer-skeleton'
import { FollowerList } from './follower-list'

/** The first version of the 360 screen: who the customer is, their tags and which guides follow them. */
export function CustomerView({ externalUserId, staff }: { externalUserId: string; staff: Staff }) {
  const result = useCustomer(externalUserId)

  if (result.status === 'loading') return <CustomerSkeleton />
  if (result.status === 'error') return <CustomerError error={result.error} onRetry={result.reload} />

  const { profile: customer, tags, followers } = result.data
  const name = customer.name ?? '未命名客户'
  const gender = GENDER_LABELS[customer.gender]
  return (
    <div className="customer-360">
      <section className="card customer-header">
        <Avatar size="56" src={customer.avatarUrl ?? undefined} alt={name} background="#e8f1ff" color="#1f6fe5">
          {customer.avatarUrl ? undefined : name.slice(0, 1)}
        </Avatar>
        <div className="customer-header__text">
          <h1 className="customer-header__name">
            {name}
            {gender && <span className="customer-header__gender">{gender}</span>}
          </h1>
          <div className="badges">
            {customer.isMiniProgramUser && <Tag {...TAG_TONES.blue}>小程序用户</Tag>}
            {customer.externalUserId !== null && <Tag {...TAG_TONES.green}>企业微信客户</Tag>}
          </div>
          <div className="muted">{formatDate(customer.createdAt)}成为客户</div>
        </div>
      </section>
      <section className="card">
        <h2 className="card__title">客户标签</h2>
        {tags.length === 0 ? (
          <p className="muted">还没有标签</p>
        ) : (
          <div className="badges">
            {tags.map((tag) => (
              <Tag key={tag.id} {...TAG_TONES.orange}>
                {tag.groupName}·{tag.name}
              </Tag>
            ))}
          </div>
        )}
      </section>
      <section className="card">
        <h2 className="card__title">跟进导购</h2>
        <FollowerList followers={followers} myUserId={staff.userId} />
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
  const detail =
    code === 'CUSTOMER_NOT_FOUND' ? '客户资料可能还在同步中，请稍后重试' : errorMessage(error)
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
