import { IMAGE_RULE_TEXT, IMAGE_TITLE_MAX, IMAGE_TYPES, LIBRARY_REMOVAL_NOTE, imageFileProblem, type LibraryImage } from '@liuliang/shared'
import { errorMessage } from '@liuliang/ui/errors'
import { formatDateTime } from '@liuliang/ui/format'
import { useRef, useState } from 'react'
import { ManageOnly } from '../../../lib/admin-access'
import { RenameInline } from '../../../lib/rename-inline'
import { removeImage, renameImage, restoreImage, uploadImage } from '../api/materials'
import { LibraryGrid } from './library-grid'

const sizeText = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`)
const titleProblem = (title: string) => (title.trim() === '' ? '名称不能为空' : [...title.trim()].length > IMAGE_TITLE_MAX ? `名称最多 ${IMAGE_TITLE_MAX} 个字` : null)

/** What happened last on the page: uploads' outcome, or a removal that can still be undone. */
type Notice = { kind: 'uploaded'; done: number; failed: string[] } | { kind: 'removed'; image: LibraryImage } | { kind: 'error'; message: string }

/**
 * 素材库: the brand's pictures, uploaded once and picked wherever a picture goes (banners, galleries, mall
 * items, welcome messages, broadcasts, moments, scripts). Removing one hides it here only.
 */
export function ImageLibraryPage() {
  const input = useRef<HTMLInputElement>(null)
  const [version, setVersion] = useState(0)
  const [uploading, setUploading] = useState<{ done: number; of: number } | null>(null)
  const [notice, setNotice] = useState<Notice | null>(null)

  const uploadAll = async (files: File[]) => {
    const failed: string[] = []
    setUploading({ done: 0, of: files.length })
    // One after another: the server takes a picture per request, and the admin sees the count move.
    for (const [index, file] of files.entries()) {
      const problem = imageFileProblem(file)
      if (problem) failed.push(`${file.name}：${problem}`)
      else {
        try {
          await uploadImage(file)
        } catch (error) {
          failed.push(`${file.name}：${errorMessage(error)}`)
        }
      }
      setUploading({ done: index + 1, of: files.length })
    }
    setUploading(null)
    setNotice({ kind: 'uploaded', done: files.length - failed.length, failed })
    setVersion((n) => n + 1)
  }

  const remove = async (image: LibraryImage, changed: () => void) => {
    try {
      await removeImage(image.id)
      setNotice({ kind: 'removed', image })
      changed()
    } catch (error) {
      setNotice({ kind: 'error', message: errorMessage(error) })
    }
  }

  const undo = async (image: LibraryImage) => {
    try {
      await restoreImage(image.id)
      setNotice(null)
      setVersion((n) => n + 1)
    } catch (error) {
      setNotice({ kind: 'error', message: errorMessage(error) })
    }
  }

  return (
    <section className="page">
      <header className="page__header">
        <h1 className="page__title">素材库</h1>
        <ManageOnly>
          <button className="button button--primary" type="button" disabled={uploading !== null} onClick={() => input.current?.click()}>
            {uploading ? `上传中 ${uploading.done}/${uploading.of}…` : '上传图片'}
          </button>
          <input
            ref={input}
            type="file"
            hidden
            multiple
            aria-label="上传图片到素材库"
            accept={Object.keys(IMAGE_TYPES).join(',')}
            onChange={(event) => {
              const files = [...(event.target.files ?? [])]
              event.target.value = ''
              if (files.length) void uploadAll(files)
            }}
          />
        </ManageOnly>
      </header>
      <p className="muted">
        上传一次，商城装修、商品、积分商城、欢迎语、群发、朋友圈和话术里都能直接选用。可一次选多张，{IMAGE_RULE_TEXT}。
      </p>
      {notice?.kind === 'uploaded' && (
        <div className="notice" role="status">
          已上传 {notice.done} 张
          {notice.failed.length > 0 && (
            <ul>
              {notice.failed.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {notice?.kind === 'removed' && (
        <div className="notice" role="status">
          已把「{notice.image.title}」移出素材库。{LIBRARY_REMOVAL_NOTE}。
          <button className="button button--link" type="button" onClick={() => void undo(notice.image)}>
            撤销
          </button>
        </div>
      )}
      {notice?.kind === 'error' && (
        <p className="form-error" role="alert">
          {notice.message}
        </p>
      )}
      <LibraryGrid
        label="素材库图片"
        version={version}
        picture={(image) => (
          <a className="library-grid__pick" href={image.url} target="_blank" rel="noreferrer" title="在新窗口查看原图">
            <img src={image.url} alt={image.title} loading="lazy" />
          </a>
        )}
        below={(image, changed) => (
          <>
            <RenameInline name={image.title} label="图片" maxLength={IMAGE_TITLE_MAX} problem={titleProblem} onRename={(title) => renameImage(image.id, title).then(changed)}>
              <span className="library-grid__title">{image.title}</span>
            </RenameInline>
            <span className="muted">
              {sizeText(image.bytes)} · {formatDateTime(image.createdAt)}
            </span>
            <span className="inline-form">
              <CopyAddress url={image.url} />
              <ManageOnly>
                <button className="button button--link button--danger" type="button" aria-label={`移出「${image.title}」`} onClick={() => void remove(image, changed)}>
                  移出素材库
                </button>
              </ManageOnly>
            </span>
          </>
        )}
      />
    </section>
  )
}

/** Copies a picture's address, for a place that takes only an address (a WeCom setting, a poster tool). */
function CopyAddress({ url }: { url: string }) {
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
      {copied === null ? '复制地址' : copied ? '已复制' : '复制失败，请在原图页复制'}
    </button>
  )
}
