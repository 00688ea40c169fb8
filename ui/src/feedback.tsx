// Small pieces every feature's lists and forms share: an error with a retry, "load more", form buttons.
import { errorMessage } from './errors'
import { Button } from './nutui'

export function InlineError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <p className="form-error" role="alert">
      {errorMessage(error)}
      {onRetry && (
        <>
          {' '}
          <Button size="mini" fill="none" onClick={onRetry}>
            重试
          </Button>
        </>
      )}
    </p>
  )
}

/** "Load more" under a paged list, with its error in place. */
export function MoreButton({ list }: { list: { nextCursor: string | null; loading: boolean; error: unknown; loadMore: () => void } }) {
  return (
    <>
      {list.error !== null && <InlineError error={list.error} />}
      {list.nextCursor !== null && (
        <Button size="small" block fill="outline" loading={list.loading} onClick={list.loadMore}>
          加载更多
        </Button>
      )}
    </>
  )
}

/** A form's last line: what went wrong, then cancel and save. */
export function FormFooter({
  error,
  saving,
  saveLabel,
  onCancel,
  onSave,
}: {
  error: string | null
  saving: boolean
  saveLabel: string
  onCancel: () => void
  /** Without it, save submits the form. */
  onSave?: () => void
}) {
  return (
    <>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <Button size="small" fill="outline" disabled={saving} onClick={onCancel}>
          取消
        </Button>
        <Button size="small" type="primary" nativeType={onSave ? 'button' : 'submit'} loading={saving} onClick={onSave}>
          {saveLabel}
        </Button>
      </div>
    </>
  )
}
