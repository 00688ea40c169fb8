import { TextField } from './field'

/** One text input of an attachment kind: the field it sets, what the screen calls it, its length. */
export interface AttachmentInput {
  key: string
  label: string
  maxLength: number
}

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
      {inputs[type].map(({ key, label, maxLength }) => (
        <TextField
          key={key}
          label={`附件${index + 1}${label}`}
          value={values[key] ?? ''}
          maxLength={maxLength}
          onValue={(next) => onChange({ ...attachment, [key]: next })}
        />
      ))}
    </div>
  )
}
