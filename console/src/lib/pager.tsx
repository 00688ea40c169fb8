import { nextPage, pageNumber, previousPage, type CursorStack } from './cursor-stack'

/** 上一页 · 第 N 页 · 下一页 under a cursor-paged list; `nextCursor` is null on the last page or while loading. */
export function Pager({ cursors, nextCursor, onChange }: { cursors: CursorStack; nextCursor: string | null; onChange: (next: CursorStack) => void }) {
  return (
    <nav className="pager" aria-label="分页">
      <button className="button" type="button" disabled={pageNumber(cursors) === 1} onClick={() => onChange(previousPage(cursors))}>
        上一页
      </button>
      <span className="pager__page">第 {pageNumber(cursors)} 页</span>
      <button className="button" type="button" disabled={nextCursor === null} onClick={() => nextCursor !== null && onChange(nextPage(cursors, nextCursor))}>
        下一页
      </button>
    </nav>
  )
}
