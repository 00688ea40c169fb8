import { describe, expect, it } from 'vitest'
import { BLANK_GROUP_WELCOME, formOf, groupWelcomeProblems, groupWelcomeRequest } from './group-welcome-form'

const saved = {
  id: 1,
  templateId: 'msg1',
  name: '会员群',
  text: '欢迎',
  notify: true,
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
}

describe('the group welcome form', () => {
  it('asks for a name and some content, and counts text in bytes as WeCom does', () => {
    expect(groupWelcomeProblems({ ...BLANK_GROUP_WELCOME, text: '' })).toEqual(['请填写名称', '请填写欢迎语文字或一个链接'])
    expect(groupWelcomeProblems({ ...BLANK_GROUP_WELCOME, name: '群', text: '字'.repeat(1334) })).toEqual(['欢迎语最多 4000 字节（一个汉字占 3 字节）'])
    expect(groupWelcomeProblems({ ...BLANK_GROUP_WELCOME, name: '群', linkUrl: 'example.com' })).toEqual(['链接需以 http:// 或 https:// 开头', '请填写链接标题'])
  })

  it('sends a link as the attachment, and keeps an image made elsewhere when no link replaces it', () => {
    const link = groupWelcomeRequest({ ...BLANK_GROUP_WELCOME, name: ' 群 ', linkTitle: '礼', linkUrl: 'https://a.example/x' })
    expect(link).toMatchObject({ name: '群', attachment: { type: 'link', title: '礼', url: 'https://a.example/x' } })
    const image = { type: 'image' as const, picUrl: 'https://a.example/p.png' }
    const form = formOf({ ...saved, attachment: image })
    expect(groupWelcomeRequest(form).attachment).toEqual(image)
    expect(groupWelcomeRequest({ ...form, linkTitle: '礼', linkUrl: 'https://a.example/x' }).attachment).toMatchObject({ type: 'link' })
  })
})
