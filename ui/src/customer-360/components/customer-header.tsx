import { rfmSegmentName, type Customer360 } from '@liuliang/shared'
import { formatFen } from '../../format'
import { Avatar, TAG_TONES, Tag } from '../../nutui'
import { GENDER_LABELS } from '../follow-labels'
import { LIFECYCLE_LABELS } from '../labels'

/** "—" when no domain reports the figure at all; the domain's own empty value when it has nothing on this customer. */
const NOT_CONNECTED = '—'

/** Who this is, at a glance: the top of the first screen. */
export function CustomerHeader({ data }: { data: Customer360 }) {
  const { profile, lifecycle, sections } = data
  const name = profile.name ?? '未命名客户'
  const gender = GENDER_LABELS[profile.gender]
  const { membership, orders } = sections
  const stats: [string, string][] = [
    ['会员等级', membership === undefined ? NOT_CONNECTED : (membership?.level.name ?? '未入会')],
    ['积分', membership === undefined ? NOT_CONNECTED : String(membership?.points.balance ?? 0)],
    ['累计消费', orders === undefined ? NOT_CONNECTED : formatFen(orders?.totalSpendFen ?? 0)],
  ]
  return (
    <section className="card customer-header" aria-label="客户概况">
      <div className="customer-header__who">
        <Avatar size="48" src={profile.avatarUrl ?? undefined} alt={name} background="#e8f1ff" color="#1f6fe5">
          {profile.avatarUrl ? undefined : name.slice(0, 1)}
        </Avatar>
        <div className="customer-header__text">
          <h1 className="customer-header__name">
            {name}
            {profile.remark && <span className="customer-header__remark">（{profile.remark}）</span>}
            {gender && <span className="customer-header__gender">{gender}</span>}
          </h1>
          <div className="badges">
            <Tag {...TAG_TONES.orange}>{LIFECYCLE_LABELS[lifecycle.stage]}</Tag>
            {profile.isMiniProgramUser && <Tag {...TAG_TONES.blue}>小程序用户</Tag>}
            {profile.isWecomContact && <Tag {...TAG_TONES.green}>企业微信客户</Tag>}
            {sections.rfm && <Tag {...TAG_TONES.blue}>{rfmSegmentName(sections.rfm.segment)}</Tag>}
          </div>
        </div>
      </div>
      <dl className="stats">
        {stats.map(([label, value]) => (
          <div key={label} className="stats__item">
            <dt>{label}</dt>
            <dd title={value === NOT_CONNECTED ? '该功能尚未开通' : undefined}>{value}</dd>
          </div>
        ))}
      </dl>
      <ActivityHighlights sections={sections} />
    </section>
  )
}

/** One line per activity domain that reports something on this customer; nothing for domains not connected. */
function ActivityHighlights({ sections }: { sections: Customer360['sections'] }) {
  const { checkIn, coupons, draws, groupBuys, distributor, orders } = sections
  const lines = [
    checkIn && checkIn.streak > 0 && `连续签到 ${checkIn.streak} 天`,
    coupons && coupons.expiringSoon.length > 0 && `${coupons.expiringSoon.length} 张优惠券即将过期`,
    draws && draws.total > 0 && `抽奖 ${draws.total} 次`,
    groupBuys && groupBuys.joined > 0 && `拼团 ${groupBuys.joined} 次`,
    distributor && distributor.status !== 'none' && '分销员',
    orders?.purchaseSuggestion && `该回购「${orders.purchaseSuggestion.productName}」了`,
  ].filter((line): line is string => typeof line === 'string')
  if (lines.length === 0) return null
  return (
    <div className="badges">
      {lines.map((line) => (
        <Tag key={line} {...TAG_TONES.gray}>
          {line}
        </Tag>
      ))}
    </div>
  )
}
