import { LIBRARY_FILE_KIND_LABELS, libraryFileExtensionOf, type LibraryFile, type LibraryFileKind } from '@liuliang/shared'
import { formatBytes } from '@liuliang/ui/format'
import { useState } from 'react'
import { useCan } from '../../../lib/admin-access'
import { TabStrip } from '../../../lib/tab-strip'
import { Modal } from '../../access/components/modal'
import { listFiles } from '../api/materials'
import { ShelfBrowser } from './shelf-browser'

const KINDS = [
  ['file', LIBRARY_FILE_KIND_LABELS.file],
  ['video', LIBRARY_FILE_KIND_LABELS.video],
] as const satisfies readonly (readonly [LibraryFileKind, string])[]

/** A message's video or document: the one picked from the library, by the name the chat will show. */
export function LibraryFileField({ label, name, onPick }: { label: string; name: string; onPick: (file: LibraryFile) => void }) {
  return (
    <div className="field">
      <span className="field__label">{label}</span>
      <div className="inline-form">
        {name ? <FileCard name={name} /> : <span className="muted">还没有选择</span>}
        <LibraryFileButton kinds={['file', 'video']} label={name ? '换一个' : '从素材库选择'} onPick={onPick} />
      </div>
    </div>
  )
}

/** A button that opens the library's shelves of `kinds` in a dialog and hands back the one picked. */
export function LibraryFileButton({ kinds, label, onPick }: { kinds: readonly LibraryFileKind[]; label: string; onPick: (file: LibraryFile) => void }) {
  const canChoose = useCan('materials', 'view')
  const [choosing, setChoosing] = useState(false)
  if (!canChoose) return <span className="muted">需要素材库的查看权限</span>
  return (
    <>
      <button className="button" type="button" onClick={() => setChoosing(true)}>
        {label}
      </button>
      {choosing && (
        <FilePicker
          kinds={kinds}
          onPick={(file) => {
            setChoosing(false)
            onPick(file)
          }}
          onClose={() => setChoosing(false)}
        />
      )}
    </>
  )
}

/** The library's documents and videos (of `kinds`) in a dialog; a click picks one. */
function FilePicker({ kinds, onPick, onClose }: { kinds: readonly LibraryFileKind[]; onPick: (file: LibraryFile) => void; onClose: () => void }) {
  const [kind, setKind] = useState<LibraryFileKind>(kinds[0] ?? 'file')
  const tabs = KINDS.filter(([tab]) => kinds.includes(tab))
  return (
    <Modal title={`从素材库选择${tabs.length > 1 ? '视频或文件' : LIBRARY_FILE_KIND_LABELS[kind]}`}>
      {tabs.length > 1 && <TabStrip tabs={tabs} value={kind} onChange={setKind} label="素材类型" />}
      <ShelfBrowser
        key={kind}
        label={`素材库${LIBRARY_FILE_KIND_LABELS[kind]}`}
        nameLabel={`${LIBRARY_FILE_KIND_LABELS[kind]}名称`}
        load={(query, signal) => listFiles(query, kind, signal)}
        deps={[kind]}
        empty={(words) => (words ? `没有名称含「${words}」的${LIBRARY_FILE_KIND_LABELS[kind]}` : `素材库还没有${LIBRARY_FILE_KIND_LABELS[kind]}，请先到「素材库」上传`)}
      >
        {(files) => (
          <ul className="file-pick-list" aria-label={`素材库${LIBRARY_FILE_KIND_LABELS[kind]}`}>
            {files.map((file) => (
              <li key={file.id}>
                <button className="button button--link" type="button" aria-label={`选择「${file.title}」`} onClick={() => onPick(file)}>
                  {file.title}
                </button>
                <span className="muted">
                  {file.fileName} · {formatBytes(file.bytes)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </ShelfBrowser>
      <div className="form-actions">
        <button className="button" type="button" onClick={onClose}>
          取消
        </button>
      </div>
    </Modal>
  )
}

/** A file as a chat shows it: its kind and its name on a card. */
export function FileCard({ name }: { name: string | undefined }) {
  const extension = name ? libraryFileExtensionOf(name) : null
  return (
    <span className="chat-card library-file-card">
      {extension && (
        <span className="library-file-card__badge" aria-hidden="true">
          {extension.toUpperCase()}
        </span>
      )}
      {name || '（未选择文件）'}
    </span>
  )
}
