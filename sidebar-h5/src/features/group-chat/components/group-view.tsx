import type { SidebarGroupChat } from '@liuliang/shared'
import { errorMessage } from '@liuliang/ui/errors'
import { formatDate } from '@liuliang/ui/format'
import { ApiError } from '@liuliang/ui/http'
import { Avatar, Button, TAG_TONES, Tag } from '@liuliang/ui/nutui'
import type { RequestResult } from '@liuliang/ui/use-request'

/** The group at a glance, then its members who are our customers, each with level and tags. */
export function GroupView({ group }: { group: RequestResult<SidebarGroupChat> }) {
  if (group.status === 'loading') return <p className="muted">客户群加载中…</p>
  if (group.status === 'error') {
    const code = group.error instanceof ApiError ? group.error.code : null
    return (
      <div className="state-block" role="alert">
        <p className="state-block__title">{code === 'NOT_IN_GROUP' ? '你不在这个客户群里' : '客户群资料加载失败'}</p>
        <p className="muted">{errorMessage(group.error)}</p>
        {code !== 'NOT_IN_GROUP' && (
          <Button type="primary" size="small" onClick={group.reload}>
            重试
          </Button>
        )}
      </div>
    )
  }
  const { group: profile, customers } = group.data
  return (
    <div className="group-view">
      <section className="card" aria-label="客户群概况">
        <h2 className="card__title">{profile.name || '未命名群聊'}</h2>
        <p className="muted">
          群主 {profile.owner.name} · {profile.memberCount} 人，其中客户 {profile.customerCount} 人 · {formatDate(profile.openedAt)} 建群
        </p>
        {profile.notice && <p className="group-view__notice">群公告：{profile.notice}</p>}
      </section>
      <section className="card" aria-label="群里的客户">
        <h2 className="card__title">群里的客户</h2>
        {customers.length === 0 ? (
          <p className="muted">群里还没有已添加导购的客户</p>
        ) : (
          <ul className="group-customers">
            {customers.map((customer) => (
              <li key={customer.customerId} className="group-customers__item" aria-label={customer.name ?? `客户 #${customer.customerId}`}>
                <Avatar size="small" src={customer.avatarUrl ?? undefined}>
                  {(customer.name ?? '客').slice(0, 1)}
                </Avatar>
                <div>
                  <div>
                    {customer.name ?? `客户 #${customer.customerId}`}
                    {customer.level && (
                      <Tag {...TAG_TONES.blue} className="group-customers__level">
                        {customer.level.name}
                      </Tag>
                    )}
                  </div>
                  {customer.tags.length > 0 && (
                    <div className="group-customers__tags">
                      {customer.tags.map((tag) => (
                        <Tag key={tag.id} {...TAG_TONES.green}>
                          {tag.name}
                        </Tag>
                      ))}
                    </div>
                  )}
                  <div className="muted">{formatDate(customer.joinedAt)} 入群</div>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}
