import type { LibraryImage } from '@liuliang/shared'
import { preparePictureSend, searchPictures } from '../api/materials'
import { MaterialShelf, SendFoot } from './material-shelf'

/** 图片: the brand's picture library (素材库), each picture one tap from the chat. */
export function PictureLibrary() {
  return (
    <MaterialShelf<LibraryImage>
      label="图片列表"
      placeholder="搜索图片名称"
      search={searchPictures}
      empty={(words) => (words ? `没有名称含“${words}”的图片` : '素材库里还没有能发到聊天里的图片（JPG 或 PNG），可请管理员在后台「素材库」上传')}
      listClassName="pictures"
      item={(picture) => (
        <li className="picture" key={picture.id} aria-label={picture.title}>
          <img className="picture__image" src={picture.url} alt={picture.title} loading="lazy" />
          <span className="picture__title">{picture.title}</span>
          <SendFoot className="picture__foot" prepare={() => preparePictureSend(picture.id)} />
        </li>
      )}
    />
  )
}
