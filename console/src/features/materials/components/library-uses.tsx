import { LIBRARY_USE_LABELS, type LibraryUse, type LibraryUses } from '@liuliang/shared'
import { errorMessage } from '@liuliang/ui/errors'
import { useState } from 'react'

/** Where an entry is used, in words: 商城横幅「春茶季」、话术「会员手册」. */
export const usesText = (uses: LibraryUse[]) => uses.map((use) => `${LIBRARY_USE_LABELS[use.kind]}「${use.title || '未命名'}」`).join('、')

/** A shelf's uses in words (null: nowhere), read when the admin asks: they change as the places using it do. */
export const usesReader =
  (load: (id: number) => Promise<LibraryUses>) =>
  async (id: number): Promise<string | null> => {
    const { items } = await load(id)
    return items.length ? usesText(items) : null
  }

/** 用在哪里: an entry's link that reads where it is used and says it in its place. */
export function UsesLink({ id, usedIn }: { id: number; usedIn: (id: number) => Promise<string | null> }) {
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
