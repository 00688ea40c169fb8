import { errorMessage } from '../../../lib/errors'
import { Button } from '../../../lib/ui'

/** "Load more" under a paged list, with its error in place. */
export function MoreButton({ list }: { list: { nextCursor: string | null; loading: boolean; error: unknown; loadMore: () => void } }) {
  return (
    <>
      {list.error !== null && (
        <p className="form-error" role="alert">
          {errorMessage(list.error)}
        </p>
      )}
      {list.nextCursor !== null && (
        <Button size="small" block fill="outline" loading={list.loading} onClick={list.loadMore}>
          加载更多
        </Button>
      )}
    </>
  )
}
