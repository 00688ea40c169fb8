import type { TimelinePage } from '@liuliang/shared'
import { MoreButton } from '../../feedback'
import { formatDateTime } from '../../format'
import { useMorePages } from '../../use-more-pages'
import { describeTimelineEvent } from '../labels'

/** Everything that happened to the customer, newest first. */
export function TimelinePanel({ first, loadPage }: { first: TimelinePage; loadPage: (cursor: string) => Promise<TimelinePage> }) {
  const list = useMorePages(first, loadPage)
  if (list.items.length === 0) return <p className="muted">还没有动态</p>
  return (
    <>
      <ol className="timeline">
        {list.items.map((item) => {
          const { title, detail } = describeTimelineEvent(item)
          return (
            <li key={item.id} className="timeline__item">
              <time className="timeline__time" dateTime={item.occurredAt}>
                {formatDateTime(item.occurredAt)}
              </time>
              <p className="timeline__title">{title}</p>
              {detail && <p className="timeline__detail">{detail}</p>}
            </li>
          )
        })}
      </ol>
      <MoreButton list={list} />
    </>
  )
}
