import {
  LIBRARY_FILE_ACCEPT,
  LIBRARY_FILE_KIND_LABELS,
  LIBRARY_FILE_REMOVAL_NOTE,
  LIBRARY_FILE_RULE_TEXT,
  LIBRARY_FILE_TYPES,
  LIBRARY_TITLE_MAX,
  libraryFileExtensionOf,
  libraryFileProblem,
  type LibraryFile,
  type LibraryFileKind,
} from '@liuliang/shared'
import { formatBytes, formatDateTime } from '@liuliang/ui/format'
import { ManageOnly } from '../../../lib/admin-access'
import { RenameInline } from '../../../lib/rename-inline'
import { fileUses, listFiles, removeFile, renameFile, restoreFile, uploadFile } from '../api/materials'
import { useShelf } from '../use-shelf'
import { UsesLink, usesReader } from './library-uses'
import { ShelfBrowser } from './shelf-browser'
import { CopyAddress, ShelfNotices, ShelfUpload, titleProblem } from './shelf-parts'

const PURPOSE: Record<LibraryFileKind, string> = {
  video: '导购在企业微信侧边栏一键发给客户的短视频，如探店、使用教程。',
  file: '导购在企业微信侧边栏一键发给客户的文件，如品牌手册、价目表、活动规则。聊天里显示的是上传时的文件名。',
}

const usedIn = usesReader(fileUses)

/** What a file on the shelf of the other kind would be refused for: each shelf takes its own. */
function fileProblemFor(kind: LibraryFileKind) {
  return (file: File) => {
    const extension = libraryFileExtensionOf(file.name)
    if (extension && LIBRARY_FILE_TYPES[extension].kind !== kind) return `请到「${LIBRARY_FILE_KIND_LABELS[LIBRARY_FILE_TYPES[extension].kind]}」上传`
    return libraryFileProblem(file)
  }
}

/** 素材库 视频 or 文件: what guides send into chats, listed with its size and the name the chat shows. */
export function FileShelf({ kind }: { kind: LibraryFileKind }) {
  const label = LIBRARY_FILE_KIND_LABELS[kind]
  const shelf = useShelf<LibraryFile>({ problem: fileProblemFor(kind), upload: uploadFile, remove: removeFile, restore: restoreFile, usedIn })

  return (
    <>
      <p className="muted">{PURPOSE[kind]}</p>
      <ShelfUpload shelf={shelf} label={`上传${label}`} accept={LIBRARY_FILE_ACCEPT[kind]} rule={LIBRARY_FILE_RULE_TEXT[kind]} />
      <ShelfNotices shelf={shelf} unit="个" removalNote={LIBRARY_FILE_REMOVAL_NOTE} stillUsed="那里照常发送" />
      <ShelfBrowser
        label={`素材库${label}`}
        nameLabel={`${label}名称`}
        load={(query, signal) => listFiles(query, kind, signal)}
        deps={[kind, shelf.version]}
        empty={(words) => (words ? `没有名称含「${words}」的${label}` : `素材库还没有${label}，上传一个吧`)}
      >
        {(files, changed) => (
          <table className="table" aria-label={`素材库${label}`}>
            <thead>
              <tr>
                {kind === 'video' && <th>预览</th>}
                <th>名称</th>
                <th>文件名</th>
                <th>大小</th>
                <th>上传时间</th>
                <th>操作</th>
              </tr>
            </thead>
            <tbody>
              {files.map((file) => (
                <tr key={file.id} aria-label={file.title}>
                  {kind === 'video' && (
                    <td>
                      <video className="library-video" src={file.url} preload="metadata" muted controls aria-label={`预览「${file.title}」`} />
                    </td>
                  )}
                  <td>
                    <RenameInline name={file.title} label={label} maxLength={LIBRARY_TITLE_MAX} problem={titleProblem} onRename={(title) => renameFile(file.id, title).then(changed)}>
                      <span>{file.title}</span>
                    </RenameInline>
                  </td>
                  <td className="muted">{file.fileName}</td>
                  <td>{formatBytes(file.bytes)}</td>
                  <td>{formatDateTime(file.createdAt)}</td>
                  <td>
                    <span className="inline-form">
                      <a className="button button--link" href={file.url} target="_blank" rel="noreferrer">
                        打开
                      </a>
                      <CopyAddress url={file.url} />
                      <UsesLink id={file.id} usedIn={usedIn} />
                      <ManageOnly>
                        <button className="button button--link button--danger" type="button" aria-label={`移出「${file.title}」`} onClick={() => void shelf.remove(file, changed)}>
                          移出素材库
                        </button>
                      </ManageOnly>
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ShelfBrowser>
    </>
  )
}
