import { describe, expect, it } from 'vitest'
import { BLANK_MOMENT, momentProblems, momentRequest } from './moment-form'

describe('the moment form', () => {
  it('asks for words or an attachment, and holds WeCom’s limits', () => {
    expect(momentProblems(BLANK_MOMENT)).toEqual(['请填写文字或添加图片、视频、链接'])
    expect(momentProblems({ ...BLANK_MOMENT, text: '字'.repeat(2001) })).toEqual(['文字不能超过 2000 字'])
    const tenImages = Array.from({ length: 10 }, (_, i) => `https://img.example.com/${i}.png`).join('\n')
    expect(momentProblems({ ...BLANK_MOMENT, attachment: 'image', imageUrls: tenImages })).toEqual(['图片最多 9 张'])
    expect(momentProblems({ ...BLANK_MOMENT, attachment: 'link', linkTitle: '标'.repeat(22), linkUrl: 'https://a.example.com', linkImageUrl: 'https://a.example.com/c.png' })).toEqual([
      '链接标题不能超过 64 字节（约 21 个汉字）',
    ])
    expect(momentProblems({ ...BLANK_MOMENT, attachment: 'video', videoUrl: 'ftp://x' })).toEqual(['地址需以 http:// 或 https:// 开头'])
  })

  it('sends only the attachment chosen', () => {
    const form = { ...BLANK_MOMENT, text: '上新', attachment: 'image' as const, imageUrls: ' https://a.example.com/1.png \n\n', linkTitle: '旧的', staffUserIds: ['guide_li'] }
    expect(momentRequest(form)).toEqual({ text: '上新', imageUrls: ['https://a.example.com/1.png'], staffUserIds: ['guide_li'], tagIds: [] })
  })
})
