import { IMAGE_RULE_TEXT, IMAGE_TYPES, LIBRARY_REMOVAL_NOTE, LIBRARY_TITLE_MAX, imageFileProblem, type LibraryImage } from '@liuliang/shared'
import { formatBytes, formatDateTime } from '@liuliang/ui/format'
import { ManageOnly } from '../../../lib/admin-access'
import { RenameInline } from '../../../lib/rename-inline'
import { imageUses, removeImage, renameImage, restoreImage, uploadImage } from '../api/materials'
import { useShelf } from '../use-shelf'
import { LibraryGrid } from './library-grid'
import { UsesLink, usesReader } from './library-uses'
import { CopyAddress, ShelfNotices, ShelfUpload, titleProblem } from './shelf-parts'

const usedIn = usesReader(imageUses)

/**
 * 素材库 图片: the brand's pictures, uploaded once and picked wherever a picture goes (banners, galleries, mall
 * items, welcome messages, broadcasts, moments, scripts). Removing one hides it here only.
 */
export function ImageShelf() {
  const shelf = useShelf<LibraryImage>({ problem: (file) => imageFileProblem(file), upload: uploadImage, remove: removeImage, restore: restoreImage, usedIn })

  return (
    <>
      <p className="muted">上传一次，商城装修、商品、积分商城、欢迎语、群发、朋友圈和话术里都能直接选用。</p>
      <ShelfUpload shelf={shelf} label="上传图片" accept={Object.keys(IMAGE_TYPES).join(',')} rule={IMAGE_RULE_TEXT} />
      <ShelfNotices shelf={shelf} unit="张" removalNote={LIBRARY_REMOVAL_NOTE} stillUsed="那里照常显示" />
      <LibraryGrid
        label="素材库图片"
        version={shelf.version}
        picture={(image) => (
          <a className="library-grid__pick" href={image.url} target="_blank" rel="noreferrer" title="在新窗口查看原图">
            <img src={image.url} alt={image.title} loading="lazy" />
          </a>
        )}
        below={(image, changed) => (
          <>
            <RenameInline name={image.title} label="图片" maxLength={LIBRARY_TITLE_MAX} problem={titleProblem} onRename={(title) => renameImage(image.id, title).then(changed)}>
              <span className="library-grid__title">{image.title}</span>
            </RenameInline>
            <span className="muted">
              {formatBytes(image.bytes)} · {formatDateTime(image.createdAt)}
            </span>
            <span className="inline-form">
              <CopyAddress url={image.url} />
              <UsesLink id={image.id} usedIn={usedIn} />
              <ManageOnly>
                <button className="button button--link button--danger" type="button" aria-label={`移出「${image.title}」`} onClick={() => void shelf.remove(image, changed)}>
                  移出素材库
                </button>
              </ManageOnly>
            </span>
          </>
        )}
      />
    </>
  )
}
