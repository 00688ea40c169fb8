import type { RequestState } from '../../../../lib/use-request'
import { errorMessage } from '../../../../lib/errors'

/** The one row a table shows while loading, on error, or when it has nothing yet. */
export function TableState({ state, colSpan, empty }: { state: RequestState<{ items: unknown[] }>; colSpan: number; empty: string }) {
  const text =
    state.status === 'loading'
      ? '加载中…'
      : state.status === 'error'
        ? `加载失败：${errorMessage(state.error)}`
        : state.data.items.length === 0
          ? empty
          : null
  if (text === null) return null
  return (
    <tr>
      <td className="table__state" colSpan={colSpan}>
        {text}
      </td>
    </tr>
  )
}
