import type { ReactNode } from 'react'
import type { RequestState } from '@liuliang/ui/use-request'
import { errorMessage } from '@liuliang/ui/errors'

/** A list table: its headings, then one row for loading, an error or nothing yet, else the rows. */
export function DataTable({
  headings,
  state,
  empty,
  children,
}: {
  headings: string[]
  state: RequestState<{ items: unknown[] }>
  empty: string
  children: ReactNode
}) {
  const text =
    state.status === 'loading'
      ? '加载中…'
      : state.status === 'error'
        ? `加载失败：${errorMessage(state.error)}`
        : state.data.items.length === 0
          ? empty
          : null
  return (
    <table className="table">
      <thead>
        <tr>
          {headings.map((heading, index) => (
            <th key={index}>{heading}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {text === null ? (
          children
        ) : (
          <tr>
            <td className="table__state" colSpan={headings.length}>
              {text}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  )
}
