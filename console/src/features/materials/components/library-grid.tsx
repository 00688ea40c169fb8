import type { LibraryImage } from '@liuliang/shared'
import type { ReactNode } from 'react'
import { listImages } from '../api/materials'
import { ShelfBrowser } from './shelf-browser'

const emptyText = (words: string, wecom: boolean) => {
  const kind = wecom ? ' JPG 或 PNG ' : ''
  return words ? `没有名称含「${words}」的${kind}图片` : wecom ? '素材库还没有企业微信能用的 JPG 或 PNG 图片' : '素材库还没有图片，上传一张吧'
}

/** The library's pictures as a grid: the library page and the picker both show it, each with its own line under every picture. */
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
  return (
    <ShelfBrowser
      label={label}
      nameLabel="图片名称"
      load={(query, signal) => listImages(query, wecom, signal)}
      deps={[version, wecom]}
      empty={(words) => emptyText(words, wecom)}
    >
      {(images, changed) => (
        <ul className="library-grid" aria-label={label}>
          {images.map((image) => (
            <li className="library-grid__item" key={image.id} aria-label={image.title}>
              {picture(image)}
              {below(image, changed)}
            </li>
          ))}
        </ul>
      )}
    </ShelfBrowser>
  )
}
