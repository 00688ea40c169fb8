import { useEffect, useState } from 'react'
import type { LibraryImage, LibraryImagePage } from '@liuliang/shared'
import { InlineError, MoreButton } from '@liuliang/ui/feedback'
import { Button, SearchBar } from '@liuliang/ui/nutui'
import { useMorePages } from '@liuliang/ui/use-more-pages'
import { useRequest } from '@liuliang/ui/use-request'
import { useChatSend } from '../../../lib/chat-send'
import { preparePictureSend, searchPictures } from '../api/pictures'

const SEARCH_DELAY_MS = 300

/** 图片: the brand's picture library (素材库), each picture one tap from the chat. */
export function PictureLibrary() {
  const [input, setInput] = useState('')
  const [words, setWords] = useState('')
  const first = useRequest((signal) => searchPictures(words, undefined, signal), [words])

  useEffect(() => {
    const timer = window.setTimeout(() => setWords(input.trim()), SEARCH_DELAY_MS)
    return () => window.clearTimeout(timer)
  }, [input])

  return (
    <section className="card picture-library" aria-label="图片素材">
      <SearchBar value={input} placeholder="搜索图片名称" onChange={(value) => setInput(value)} onSearch={(value) => setWords(value.trim())} />
      {first.status === 'loading' && <p className="muted">加载中…</p>}
      {first.status === 'error' && <InlineError error={first.error} onRetry={first.reload} />}
      {first.status === 'success' && <Pictures first={first.data} words={words} />}
    </section>
  )
}

function Pictures({ first, words }: { first: LibraryImagePage; words: string }) {
  const list = useMorePages(first, (cursor) => searchPictures(words, cursor))
  if (list.items.length === 0) {
    return (
      <p className="muted empty-hint">
        {words ? `没有名称含“${words}”的图片` : '素材库里还没有能发到聊天里的图片（JPG 或 PNG），可请管理员在后台「素材库」上传'}
      </p>
    )
  }
  return (
    <>
      <ul className="pictures" aria-label="图片列表">
        {list.items.map((picture) => (
          <PictureItem key={picture.id} picture={picture} />
        ))}
      </ul>
      <MoreButton list={list} />
    </>
  )
}

function PictureItem({ picture }: { picture: LibraryImage }) {
  const { state: send, send: sendNow } = useChatSend(() => preparePictureSend(picture.id))
  return (
    <li className="picture" aria-label={picture.title}>
      <img className="picture__image" src={picture.url} alt={picture.title} loading="lazy" />
      <span className="picture__title">{picture.title}</span>
      <div className="picture__foot">
        {send.status === 'sent' && <span className="script__sent">已发送</span>}
        <Button size="small" type="primary" loading={send.status === 'sending'} onClick={sendNow}>
          发送
        </Button>
      </div>
      {send.status === 'failed' && <InlineError error={send.error} />}
    </li>
  )
}
