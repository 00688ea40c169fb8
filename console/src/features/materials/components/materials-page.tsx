import type { LibraryFileKind } from '@liuliang/shared'
import { useState } from 'react'
import { TabStrip } from '../../../lib/tab-strip'
import { FileShelf } from './file-shelf'
import { ImageShelf } from './image-shelf'

type Shelf = 'images' | LibraryFileKind
const SHELVES = [
  ['images', '图片'],
  ['video', '视频'],
  ['file', '文件'],
] as const satisfies readonly (readonly [Shelf, string])[]

/** 素材库: the brand's pictures, videos and documents, a tab each. */
export function MaterialsPage() {
  const [shelf, setShelf] = useState<Shelf>('images')
  return (
    <section className="page">
      <header className="page__header">
        <h1 className="page__title">素材库</h1>
      </header>
      <TabStrip tabs={SHELVES} value={shelf} onChange={setShelf} label="素材类型" />
      {shelf === 'images' ? <ImageShelf /> : <FileShelf key={shelf} kind={shelf} />}
    </section>
  )
}
