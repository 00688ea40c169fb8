import { LIBRARY_TITLE_MAX } from '@liuliang/shared'
import { useRef, useState } from 'react'
import { ManageOnly } from '../../../lib/admin-access'
import type { Shelf } from '../use-shelf'

/** What is wrong with a new title, as the rename box says it. */
export const titleProblem = (title: string) => (title.trim() === '' ? '名称不能为空' : [...title.trim()].length > LIBRARY_TITLE_MAX ? `名称最多 ${LIBRARY_TITLE_MAX} 个字` : null)

/** The shelf's upload button: several files at once, the count while they go. For roles that manage the library. */
export function ShelfUpload<Entry extends { id: number }>({ shelf, label, accept, rule }: { shelf: Shelf<Entry>; label: string; accept: string; rule: string }) {
  const input = useRef<HTMLInputElement>(null)
  const { uploading } = shelf
  return (
    <ManageOnly>
      <div className="inline-form shelf-upload">
        <button className="button button--primary" type="button" disabled={uploading !== null} onClick={() => input.current?.click()}>
          {uploading ? `上传中 ${uploading.done}/${uploading.of}…` : label}
        </button>
        <span className="muted">可一次选多个，{rule}</span>
        <input
          ref={input}
          type="file"
          hidden
          multiple
          aria-label={`${label}到素材库`}
          accept={accept}
          onChange={(event) => {
            const files = [...(event.target.files ?? [])]
            event.target.value = ''
            if (files.length) void shelf.uploadAll(files)
          }}
        />
      </div>
    </ManageOnly>
  )
}

/** What happened last on the shelf: how many went up and what failed, a removal with 撤销, or an error. */
export function ShelfNotices<Entry extends { id: number; title: string }>({
  shelf,
  unit,
  removalNote,
  stillUsed,
}: {
  shelf: Shelf<Entry>
  unit: string
  removalNote: string
  /** what the places still using a removed entry do with it */
  stillUsed: string
}) {
  const { notice } = shelf
  if (notice?.kind === 'uploaded') {
    return (
      <div className="notice" role="status">
        已上传 {notice.done} {unit}
        {notice.failed.length > 0 && (
          <ul>
            {notice.failed.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        )}
      </div>
    )
  }
  if (notice?.kind === 'removed') {
    return (
      <div className="notice" role="status">
        已把「{notice.entry.title}」移出素材库。{notice.usedIn ? `它仍用于${notice.usedIn}，${stillUsed}` : removalNote}。
        <button className="button button--link" type="button" onClick={() => void shelf.undo(notice.entry)}>
          撤销
        </button>
      </div>
    )
  }
  if (notice?.kind === 'error') {
    return (
      <p className="form-error" role="alert">
        {notice.message}
      </p>
    )
  }
  return null
}

/** Copies an entry's address, for a place that takes only an address (a WeCom setting, a poster tool). */
export function CopyAddress({ url }: { url: string }) {
  const [copied, setCopied] = useState<boolean | null>(null)
  return (
    <button
      className="button button--link"
      type="button"
      onClick={() =>
        void navigator.clipboard.writeText(url).then(
          () => setCopied(true),
          () => setCopied(false),
        )
      }
    >
      {copied === null ? '复制地址' : copied ? '已复制' : '复制失败，请打开后复制地址'}
    </button>
  )
}
