import type { Script } from '@liuliang/shared'
import { describe, expect, it } from 'vitest'
import { blankScriptForm, formToInput, insertPlaceholder, previewMessage, scriptFormProblems, scriptToForm, type ScriptForm } from './script-form'

const form = (patch: Partial<ScriptForm>): ScriptForm => ({ ...blankScriptForm(), title: '问候', content: '您好', ...patch })

describe('script form checks', () => {
  it('accept a plain text script', () => {
    expect(scriptFormProblems(form({}))).toEqual([])
  })

  it('mirror the shared schema’s limits', () => {
    expect(scriptFormProblems(form({ title: '  ', content: '' }))).toEqual(['请填写标题', '请填写话术内容'])
    expect(scriptFormProblems(form({ title: '字'.repeat(61) }))).toEqual(['标题最多 60 个字'])
    expect(scriptFormProblems(form({ content: '字'.repeat(2001) }))).toEqual(['话术内容最多 2000 个字'])
    expect(scriptFormProblems(form({ type: 'image', content: '字'.repeat(201), imageUrl: 'https://cdn.example.com/a.png' }))).toEqual([
      '说明最多 200 个字',
    ])
    expect(scriptFormProblems(form({ keywords: 'a b c d e f g h i j k' }))).toEqual(['关键词最多 10 个'])
    expect(scriptFormProblems(form({ keywords: `${'长'.repeat(21)} 短` }))).toEqual(['每个关键词最多 20 个字'])
  })

  it('catch placeholders the server would refuse', () => {
    expect(scriptFormProblems(form({ content: '{{customerName}}，{{coupon}}' }))).toEqual(['无法识别的占位符：{{coupon}}'])
  })

  it('ask for the attachment each type sends', () => {
    expect(scriptFormProblems(form({ type: 'link', linkUrl: 'shop.example.com', cardImageUrl: '' }))).toEqual([
      '链接地址需以 http:// 或 https:// 开头的完整网址',
      '请填写卡片图片地址',
    ])
    expect(
      scriptFormProblems(form({ type: 'miniprogram', appid: 'wx123', page: 'pages/index/index', cardImageUrl: 'https://cdn.example.com/c.png' })),
    ).toEqual(['小程序 AppID 应为 wx 开头的 18 位字母数字', '小程序页面路径需以 .html 结尾，如 pages/checkin/index.html'])
    expect(scriptFormProblems(form({ type: 'file' }))).toEqual(['请从素材库选择要发送的视频或文件'])
    expect(scriptFormProblems(form({ type: 'file', fileId: 7, fileName: '手册.pdf' }))).toEqual([])
  })
})

describe('script form round trip', () => {
  it('sends only the chosen type’s attachment, with keywords split once each', () => {
    const input = formToInput(form({ type: 'link', keywords: '福利，会员 福利', linkUrl: 'https://shop.example.com/vip ', cardImageUrl: 'https://cdn.example.com/vip.png', imageUrl: 'https://x.example.com/old.png' }))
    expect(input).toEqual({
      type: 'link',
      title: '问候',
      content: '您好',
      categoryId: null,
      keywords: ['福利', '会员'],
      link: { url: 'https://shop.example.com/vip', imageUrl: 'https://cdn.example.com/vip.png' },
    })
  })

  it('loads a stored script back into the form', () => {
    const stored: Script = {
      id: 1,
      scope: 'corp',
      type: 'miniprogram',
      title: '签到',
      content: '',
      keywords: ['签到', '积分'],
      categoryId: 3,
      usageCount: 4,
      createdAt: '2024-01-01T00:00:00.000Z',
      updatedAt: '2024-01-01T00:00:00.000Z',
      miniprogram: { appid: 'wx0000000000demo01', page: 'pages/checkin/index.html', imageUrl: 'https://cdn.example.com/c.png' },
    }
    expect(formToInput(scriptToForm(stored))).toEqual({
      type: 'miniprogram',
      title: '签到',
      content: '',
      categoryId: 3,
      keywords: ['签到', '积分'],
      miniprogram: { appid: 'wx0000000000demo01', page: 'pages/checkin/index.html', imageUrl: 'https://cdn.example.com/c.png' },
    })
  })
})

describe('preview', () => {
  it('fills placeholders with the sample customer through the shared message builder', () => {
    expect(previewMessage(form({ content: '{{customerName}}您好，我是{{staffName}}' })).message).toEqual({
      msgtype: 'text',
      text: { content: '林小艾您好，我是李导购' },
    })
    expect(previewMessage(form({ type: 'file', fileId: 7, fileName: '探店.MP4' })).message).toEqual({ msgtype: 'video', video: { mediaid: 'preview' } })
    expect(previewMessage(form({ type: 'file', fileId: 8, fileName: '手册.pdf' })).message).toEqual({ msgtype: 'file', file: { mediaid: 'preview' } })
    const card = previewMessage(form({ type: 'link', title: '{{level}}福利', content: '积分 {{points}}', linkUrl: 'https://a.example.com/x', cardImageUrl: 'https://a.example.com/y.png' }))
    expect(card.message).toMatchObject({ msgtype: 'news', news: { title: '金卡会员福利', desc: '积分 1280' } })
  })

  it('inserts a placeholder where the cursor is', () => {
    expect(insertPlaceholder('您好，欢迎', 2, 2, 'customerName')).toEqual({ text: '您好{{customerName}}，欢迎', caret: 18 })
    expect(insertPlaceholder('您好，XX', 3, 5, 'level')).toEqual({ text: '您好，{{level}}', caret: 12 })
  })
})
