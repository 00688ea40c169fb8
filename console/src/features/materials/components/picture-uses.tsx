import { PICTURE_USE_LABELS, type PictureUse } from '@liuliang/shared'
import { errorMessage } from '@liuliang/ui/errors'
import { useState } from 'react'
import { imageUses } from '../api/materials'

/** Where a picture is used, in words: 商城横幅「春茶季」、商品「保温杯」. */
export const usesText = (uses: PictureUse[]) => uses.map((use) => `${PICTURE_USE_LABELS[use.kind]}「${use.title || '未命名'}」`).join('、')

/** A picture's uses, read when the admin asks: they change as banners, products and messages do. */
export async function usedIn(id: number): Promise<string | null> {
  const { items } = await imageUses(id)
  return items.length ? usesText(items) : null
}

/** 用在哪里: a card's link that reads where the picture is used and says it under the card. */
export function PictureUsesLink({ id }: { id: number }) {
  const [answer, setAnswer] = useState<{ status: 'loading' } | { status: 'done'; text: string } | null>(null)
  const look = async () => {
    setAnswer({ status: 'loading' })
    try {
      setAnswer({ status: 'done', text: (await usedIn(id)) ?? '还没有用在任何地方' })
    } catch (error) {
      setAnswer({ status: 'done', text: `查询失败：${errorMessage(error)}` })
    }
  }
  if (answer?.status === 'done') return <span className="muted picture-uses">{answer.text}</span>
  return (
    <button className="button button--link" type="button" disabled={answer !== null} onClick={() => void look()}>
      {answer ? '查询中…' : '用在哪里'}
    </button>
  )
}
