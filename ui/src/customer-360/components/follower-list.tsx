import type { FollowRelation, FollowStatus } from '@liuliang/shared'
import { TAG_TONES, Tag } from '../../nutui'
import { FOLLOW_STATUS_LABELS, addWayLabel, followPeriod, sortFollowers } from '../follow-labels'

const STATUS_TONES: Record<FollowStatus, (typeof TAG_TONES)[keyof typeof TAG_TONES]> = {
  active: TAG_TONES.green,
  lost: TAG_TONES.orange,
  removed: TAG_TONES.gray,
  transferred: TAG_TONES.gray,
}

/** Every guide who follows or followed the customer; `myUserId` marks the viewing guide (null in the console). */
export function FollowerList({ followers, myUserId }: { followers: readonly FollowRelation[]; myUserId: string | null }) {
  if (followers.length === 0) return <p className="muted">暂无导购跟进</p>
  return (
    <ul className="follower-list">
      {sortFollowers(followers).map((follower) => (
        <li key={follower.staffUserId} className="follower">
          <div className="follower__main">
            <span className="follower__name">
              {follower.staffName}
              {follower.staffUserId === myUserId && <span className="follower__me">（我）</span>}
            </span>
            <Tag {...STATUS_TONES[follower.status]}>
              {FOLLOW_STATUS_LABELS[follower.status]}
            </Tag>
          </div>
          <div className="follower__meta">
            {followPeriod(follower)} · {addWayLabel(follower.addWay, follower.state)}
          </div>
        </li>
      ))}
    </ul>
  )
}
