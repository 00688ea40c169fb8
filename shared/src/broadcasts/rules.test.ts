import { describe, expect, it } from 'vitest'
import { broadcastContentProblem } from './content'
import { quotaPeriod } from './rules'

const TZ = 'Asia/Shanghai'

describe('quotaPeriod', () => {
  it('counts in the brand days, weeks from Monday and calendar months', () => {
    // 2026-03-10T20:00Z is Wednesday 11 March in Shanghai.
    const at = new Date('2026-03-10T20:00:00Z')
    expect(quotaPeriod('day_1', at, TZ)).toEqual({ from: new Date('2026-03-10T16:00:00Z'), allowed: 1 })
    expect(quotaPeriod('week_7', at, TZ)).toEqual({ from: new Date('2026-03-08T16:00:00Z'), allowed: 7 })
    expect(quotaPeriod('month_days', at, TZ)).toEqual({ from: new Date('2026-02-28T16:00:00Z'), allowed: 31 })
    expect(quotaPeriod('month_days', new Date('2026-02-10T00:00:00Z'), TZ).allowed).toBe(28)
    expect(quotaPeriod('month_4', at, TZ).allowed).toBe(4)
  })
})

describe('broadcastContentProblem', () => {
  it('needs text or an attachment, and counts WeCom limits in bytes', () => {
    expect(broadcastContentProblem(' ', [])?.code).toBe('BROADCAST_EMPTY')
    expect(broadcastContentProblem('字'.repeat(1334), [])?.code).toBe('BROADCAST_TOO_LONG')
    expect(broadcastContentProblem('字'.repeat(1333), [])).toBeNull()
    const link = { type: 'link' as const, title: '标'.repeat(43), url: 'https://example.com' }
    expect(broadcastContentProblem('', [link])?.message).toBe('第 1 个附件的链接标题超过 128 字节（一个汉字占 3 字节）')
    const image = { type: 'image' as const, picUrl: 'https://example.com/a.png' }
    expect(broadcastContentProblem('', Array(10).fill(image))?.code).toBe('BROADCAST_TOO_MANY_ATTACHMENTS')
  })
})
