import type { LibraryImage } from '@liuliang/shared'
import { errorMessage } from '@liuliang/ui/errors'
import { useState, type FormEvent, type ReactNode } from 'react'
import { currentCursor, firstPage, type CursorStack } from '../../../lib/cursor-stack'
import { Pager } from '../../../lib/pager'
import { useLibraryImages } from '../api/materials'

const emptyText = (words: string, wecom: boolean) => {
  const kind = wecom ? ' JPG 或 PNG ' : ''
  return words ? `没有名称含「${words}」的${kind}图片` : wecom ? '素材库还没有企业微信能用的 JPG 或 PNG 图片' : '素材库还没有图片，上传一张吧'
}

/**
 * The library's pictures, newest first, a page at a time, found by words of their titles: the library page
 * and the picker both show it, each with its own line under every picture.
 */
export function LibraryGrid({
  label,
  version,
  wecom = false,
  picture,
  below,
}: {
  label: string
  /** Changes after an upload, so that the newest picture shows at once. */
  version: number
  /** Only the pictures WeCom takes in messages and moments. */
  wecom?: boolean
  /** The picture itself: a button in the picker, an image on the page. */
  picture: (image: LibraryImage) => ReactNode
  /** What goes under each picture; `changed` loads the page again. */
  below: (image: LibraryImage, changed: () => void) => ReactNode
}) {
  const [draft, setDraft] = useState('')
  const [words, setWords] = useState('')
  const [cursors, setCursors] = useState<CursorStack>(firstPage)
  const images = useLibraryImages(words, currentCursor(cursors), version, wecom)

  const search = (event: FormEvent) => {
    event.preventDefault()
    setWords(draft.trim())
    setCursors(firstPage)
  }

  return (
    <>
      <form className="filter-row filter-row--inline" role="search" aria-label={`搜索${label}`} onSubmit={search}>
        <input className="field__input" aria-label="图片名称" placeholder="按名称搜索" maxLength={60} value={draft} onChange={(event) => setDraft(event.target.value)} />
        <button className="button" type="submit">
          搜索
        </button>
      </form>
      {images.status === 'loading' && <p className="muted">加载中…</p>}
      {images.status === 'error' && (
        <p className="form-error" role="alert">
          加载失败：{errorMessage(images.error)}{' '}
          <button className="button button--link" type="button" onClick={images.reload}>
            重试
          </button>
        </p>
      )}
      {images.status === 'success' &&
        (images.data.items.length === 0 ? (
          <p className="muted">{emptyText(words, wecom)}</p>
        ) : (
          <ul className="library-grid" aria-label={label}>
            {images.data.items.map((image) => (
              <li className="library-grid__item" key={image.id} aria-label={image.title}>
                {picture(image)}
                {below(image, images.refresh)}
              </li>
            ))}
          </ul>
        ))}
      <Pager cursors={cursors} nextCursor={images.status === 'success' ? images.data.nextCursor : null} onChange={setCursors} />
    </>
  )
}
