import { TextField } from '../../../lib/field'
import { isWebAddress } from '../addresses'
import { ImageSource } from './image-source'

/** A picture's address: typed or pasted, uploaded, or chosen from the library; shown as soon as it is one. */
export function ImageField({
  label,
  picture,
  name,
  value,
  maxLength,
  wecom,
  onValue,
}: {
  label: string
  /** What the picture is, for its preview's text: 「轮播图」. */
  picture: string
  name?: string
  value: string
  maxLength?: number
  /** A picture WeCom uploads (a message's image, a card's cover): JPG or PNG only. */
  wecom?: boolean
  onValue: (url: string) => void
}) {
  return (
    <div className="image-field">
      <TextField label={label} name={name} placeholder="https://…，或上传、从素材库选择" maxLength={maxLength} value={value} onValue={onValue} />
      <ImageSource wecom={wecom} onChosen={([url]) => url !== undefined && onValue(url)} />
      {isWebAddress(value) && <img className="product-preview" src={value.trim()} alt={`${picture}预览`} />}
    </div>
  )
}
