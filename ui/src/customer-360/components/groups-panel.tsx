import type { CustomerGroupsSection } from '@liuliang/shared'
import { formatDate } from '../../format'

/** The customer groups (客户群) this customer is in, and the ones they left. */
export function GroupsPanel({ groups }: { groups: CustomerGroupsSection | null }) {
  if (!groups || groups.items.length === 0) return <p className="muted">还没有加入客户群</p>
  return (
    <ul className="customer-groups" aria-label="所在客户群">
      {groups.items.map((group) => (
        <li key={group.groupChatId} className={group.leftAt ? 'muted' : undefined}>
          {group.name || '未命名群聊'}
          <span className="muted">
            {' '}
            · 群主 {group.ownerName} · {group.memberCount} 人 · {formatDate(group.joinedAt)} 入群
            {group.leftAt ? `，${formatDate(group.leftAt)} 已退群` : ''}
          </span>
        </li>
      ))}
    </ul>
  )
}
