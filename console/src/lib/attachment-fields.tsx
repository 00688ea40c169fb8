import { ImageField } from '../features/materials/components/image-field'
import { LibraryFileField } from '../features/materials/components/library-file-field'
import { TextField } from './field'

/** One text input of an attachment kind: the field it sets, what the screen calls it, its length. */
export interface AttachmentInput {
  key: string
  label: string
  maxLength: number
  /** For a picture's address: what the picture is, and the input also uploads and picks from the library. */
  picture?: string
  /** The picture is uploaded to WeCom at send time: JPG or PNG only. */
  wecom?: boolean
  /** Not typed: a video or document picked from the library (`fileId`, with its `name`). */
  libraryFile?: boolean
}

/** A link card's inputs, the same wherever a message carries one. */
export const LINK_INPUTS: AttachmentInput[] = [
  { key: 'title', label: '标题', maxLength: 128 },
  { key: 'url', label: '链接', maxLength: 2048 },
  { key: 'desc', label: '描述', maxLength: 512 },
  { key: 'picUrl', label: '封面图地址', maxLength: 2048, picture: '封面图' },
]

/** A library video or document: picked, not typed. */
export const LIBRARY_FILE_INPUTS: AttachmentInput[] = [{ key: 'fileId', label: '视频或文件', maxLength: 0, libraryFile: true }]

/** A mini-program card's inputs; its cover is an image address or an uploaded media_id, as the message kind takes it. */
export const miniProgramInputs = (cover: AttachmentInput): AttachmentInput[] => [
  { key: 'title', label: '标题', maxLength: 64 },
  { key: 'appid', label: '小程序 AppID', maxLength: 64 },
  { key: 'page', label: '页面路径', maxLength: 512 },
  cover,
]

/** One message attachment's inputs (welcome messages, broadcasts); which ones depends on its kind. */
export function AttachmentFields<A extends { type: string }>({
  index,
  attachment,
  kindLabels,
  inputs,
  onChange,
  onRemove,
}: {
  index: number
  attachment: A
  kindLabels: Record<A['type'], string>
  inputs: Record<A['type'], AttachmentInput[]>
  onChange: (attachment: A) => void
  onRemove: () => void
}) {
  const type = attachment.type as A['type']
  const values = attachment as unknown as Record<string, string | undefined>
  return (
    <div className="attachment-box">
      <div className="placeholder-bar">
        <strong>
          附件 {index + 1}：{kindLabels[type]}
        </strong>
        <button className="button button--link button--danger" type="button" onClick={onRemove}>
          移除
        </button>
      </div>
      {inputs[type].map(({ key, label, maxLength, picture, wecom, libraryFile }) => {
        if (libraryFile) {
          return <LibraryFileField key={key} label={`附件${index + 1}${label}`} name={values.name ?? ''} onPick={(file) => onChange({ ...attachment, fileId: file.id, name: file.fileName })} />
        }
        const field = { label: `附件${index + 1}${label}`, value: values[key] ?? '', maxLength, onValue: (next: string) => onChange({ ...attachment, [key]: next }) }
        return picture ? <ImageField key={key} picture={picture} wecom={wecom} {...field} /> : <TextField key={key} {...field} />
      })}
    </div>
  )
}

/** A message's attachments (welcome messages, broadcasts): each one's inputs, and a button per kind to add one, up to the limit. */
export function AttachmentList<A extends { type: string }>({
  label,
  attachments,
  max,
  kindLabels,
  inputs,
  blank,
  onChange,
}: {
  label: string
  attachments: A[]
  max: number
  kindLabels: Record<A['type'], string>
  inputs: Record<A['type'], AttachmentInput[]>
  blank: (type: A['type']) => A
  onChange: (attachments: A[]) => void
}) {
  return (
    <div className="field">
      <span className="field__label">{label}</span>
      {attachments.map((attachment, index) => (
        <AttachmentFields
          key={index}
          index={index}
          attachment={attachment}
          kindLabels={kindLabels}
          inputs={inputs}
          onChange={(next) => onChange(attachments.map((current, i) => (i === index ? next : current)))}
          onRemove={() => onChange(attachments.filter((_, i) => i !== index))}
        />
      ))}
      <div className="placeholder-bar">
        {(Object.keys(kindLabels) as A['type'][]).map((type) => (
          <button key={type} className="button button--small" type="button" disabled={attachments.length >= max} onClick={() => onChange([...attachments, blank(type)])}>
            添加{kindLabels[type]}
          </button>
        ))}
      </div>
    </div>
  )
}
