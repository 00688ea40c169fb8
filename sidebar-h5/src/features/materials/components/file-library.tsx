import { LIBRARY_FILE_KIND_LABELS, libraryFileExtensionOf, libraryFileKindOf, type LibraryFile, type LibraryFileKind } from '@liuliang/shared'
import { formatBytes } from '@liuliang/ui/format'
import { prepareFileSend, searchFiles } from '../api/materials'
import { MaterialShelf, SendFoot } from './material-shelf'

/** 视频 or 文件: the brand's videos or documents, each sent into the chat by one tap under its own name. */
export function FileLibrary({ kind }: { kind: LibraryFileKind }) {
  const label = LIBRARY_FILE_KIND_LABELS[kind]
  return (
    <MaterialShelf<LibraryFile>
      label={`${label}列表`}
      placeholder={`搜索${label}名称`}
      search={(words, cursor, signal) => searchFiles(kind, words, cursor, signal)}
      empty={(words) => (words ? `没有名称含“${words}”的${label}` : `素材库里还没有${label}，可请管理员在后台「素材库」上传`)}
      listClassName="library-files"
      item={(file) => (
        <li className="library-file" key={file.id} aria-label={file.title}>
          <FileBadge fileName={file.fileName} />
          <span className="library-file__text">
            {/* The guide can look at it before sending it. */}
            <a className="library-file__title" href={file.url} target="_blank" rel="noreferrer">
              {file.title}
            </a>
            <span className="muted library-file__name">
              {file.fileName} · {formatBytes(file.bytes)}
            </span>
          </span>
          <SendFoot className="library-file__send" prepare={() => prepareFileSend(file.id)} />
        </li>
      )}
    />
  )
}

/** A video's play mark or a document's extension, as the chat's file card shows it. */
export function FileBadge({ fileName }: { fileName: string }) {
  const kind = libraryFileKindOf(fileName)
  return (
    <span className={`library-file__badge library-file__badge--${kind}`} aria-hidden="true">
      {kind === 'video' ? '▶' : (libraryFileExtensionOf(fileName) ?? '').toUpperCase()}
    </span>
  )
}
