import { describe, expect, it } from 'vitest'
import { utf8Bytes, welcomeContentProblem } from './content'

describe('welcome content', () => {
  it('counts Chinese characters as three bytes, as WeCom does', () => {
    expect(utf8Bytes('欢迎a')).toBe(7)
  })

  it('accepts text at the limit and refuses one byte more', () => {
    expect(welcomeContentProblem('好'.repeat(1333) + 'a', [])).toBeNull()
    expect(welcomeContentProblem('好'.repeat(1334), [])).toEqual({ code: 'WELCOME_TOO_LONG', message: '欢迎语文字超过 4000 字节' })
  })

  it('needs text or an attachment', () => {
    expect(welcomeContentProblem('  ', [])?.code).toBe('WELCOME_EMPTY')
    expect(welcomeContentProblem('', [{ type: 'image', picUrl: 'https://e.com/a.png' }])).toBeNull()
  })

  it('checks link and mini-program titles in bytes', () => {
    const link = { type: 'link' as const, title: '标'.repeat(43), url: 'https://e.com' }
    expect(welcomeContentProblem('hi', [link])?.message).toBe('链接标题超过 128 字节')
    const card = { type: 'miniprogram' as const, title: '标'.repeat(22), appid: 'wx1', page: '/p', picMediaId: 'm' }
    expect(welcomeContentProblem('hi', [card])?.message).toBe('小程序标题超过 64 字节')
  })
})
