import { describe, expect, it } from 'vitest'
import { fromDateTimeInput } from '../../lib/datetime-input'
import { BLANK_WELCOME, previewText, welcomeProblems, welcomeRequest, welcomeTextProblems, type WelcomeForm } from './welcome-form'

const form = (patch: Partial<WelcomeForm>): WelcomeForm => ({ ...BLANK_WELCOME, name: '默认欢迎语', text: '你好', ...patch })

describe('welcome preview', () => {
  it('fills the customer and guide with sample names, the guide’s real name when known', () => {
    expect(previewText('{{customerName}}您好，我是{{ staffName }}')).toBe('王女士您好，我是李娜')
    expect(previewText('我是{{staffName}}', { staffName: '赵敏' })).toBe('我是赵敏')
  })
})

describe('welcome validation', () => {
  it('accepts a complete default welcome', () => {
    expect(welcomeProblems(form({}))).toEqual([])
  })

  it('counts the text in bytes as WeCom does', () => {
    expect(welcomeTextProblems('好'.repeat(1333))).toEqual([])
    expect(welcomeTextProblems('好'.repeat(1334))[0]).toMatch(/^欢迎语文字超过 4000 字节（现 4002 字节/)
    expect(welcomeProblems(form({ text: '好'.repeat(1334) }))).toHaveLength(1)
  })

  it('refuses placeholders a welcome cannot fill', () => {
    expect(welcomeTextProblems('{{points}} {{nmae}}')).toEqual(['无法识别的占位符：{{nmae}}', '欢迎语不能使用占位符：积分'])
  })

  it('needs text or an attachment, and what each scope names', () => {
    expect(welcomeProblems(form({ text: ' ' }))).toEqual(['欢迎语的文字和附件不能都为空'])
    expect(welcomeProblems(form({ scope: 'live_code' }))).toEqual(['请选择活码'])
    expect(welcomeProblems(form({ scope: 'campaign', startsAt: '2026-05-02T10:00', endsAt: '2026-05-01T10:00' }))).toEqual([
      '活动的结束时间必须晚于开始时间',
    ])
    expect(welcomeProblems(form({ name: '名'.repeat(51) }))).toEqual(['名称最多 50 个字'])
  })

  it('checks each attachment, titles in bytes', () => {
    const problems = welcomeProblems(
      form({
        attachments: [
          { type: 'link', title: '标'.repeat(43), url: 'ftp://x' },
          { type: 'image', picUrl: '' },
        ],
      }),
    )
    expect(problems).toEqual([
      '附件 1（链接）：请填写以 http(s):// 开头的链接',
      '附件 2（图片）：请填写以 http(s):// 开头的图片地址',
      '链接标题超过 128 字节',
    ])
  })
})

describe('welcome request', () => {
  it('sends only the scope’s own field and drops empty optional link fields', () => {
    const request = welcomeRequest(
      form({
        scope: 'staff',
        staffUserId: 'guide_li',
        liveCodeId: '3',
        attachments: [{ type: 'link', title: '新品', url: 'https://e.com', desc: '', picUrl: '' }],
      }),
    )
    expect(request).toMatchObject({ scope: 'staff', staffUserId: 'guide_li', liveCodeId: null, departmentId: null, startsAt: null })
    expect(request.attachments).toEqual([{ type: 'link', title: '新品', url: 'https://e.com' }])
  })
})

describe('campaign period', () => {
  it('reads the inputs in the business time zone and sends instants', () => {
    const request = welcomeRequest(form({ scope: 'campaign', startsAt: '2026-05-01T10:00', endsAt: '2026-05-02T10:00' }))
    expect(request.startsAt).toBe(fromDateTimeInput('2026-05-01T10:00'))
    expect(request.endsAt).toBe(fromDateTimeInput('2026-05-02T10:00'))
    expect(welcomeProblems(form({ scope: 'campaign', startsAt: '', endsAt: '2026-05-02T10:00' }))).toEqual(['请填写活动的开始和结束时间'])
  })
})
