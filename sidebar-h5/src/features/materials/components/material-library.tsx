import { useState } from 'react'
import type { LibraryFileKind } from '@liuliang/shared'
import { FileLibrary } from './file-library'
import { PictureLibrary } from './picture-library'

type Shelf = 'pictures' | LibraryFileKind
const SHELVES: readonly (readonly [Shelf, string])[] = [
  ['pictures', '图片'],
  ['video', '视频'],
  ['file', '文件'],
]

/** 素材: the brand's library in the chat toolbar, pictures, videos and documents, each sent by one tap. */
export function MaterialLibrary() {
  const [shelf, setShelf] = useState<Shelf>('pictures')
  return (
    <section className="card picture-library" aria-label="素材">
      <div className="chips" role="tablist" aria-label="素材类型">
        {SHELVES.map(([key, text]) => (
          <button key={key} type="button" role="tab" className="chip" aria-selected={shelf === key} onClick={() => setShelf(key)}>
            {text}
          </button>
        ))}
      </div>
      {shelf === 'pictures' ? <PictureLibrary /> : <FileLibrary key={shelf} kind={shelf} />}
    </section>
  )
}
