import { describe, expect, it } from 'vitest'
import { buildChatMessage, previewScript } from './chat-message'

const values = { customerName: '林小艾', staffName: '李导购', level: '金卡会员', points: 1200 }

describe('buildChatMessage', () => {
  it('sends a text script as text with its placeholders filled', () => {
    const script = { type: 'text', title: '问候', content: '{{customerName}}您好，我是{{staffName}}' } as const
    expect(buildChatMessage(script, values)).toEqual({
      message: { msgtype: 'text', text: { content: '林小艾您好，我是李导购' } },
      missing: [],
    })
  })

  it('sends an image by its WeCom media id', () => {
    const script = { type: 'image', title: '新品海报', content: '', image: { url: 'https://cdn.example.com/a.png' } } as const
    expect(buildChatMessage(script, values, { mediaId: 'MEDIA1' }).message).toEqual({ msgtype: 'image', image: { mediaid: 'MEDIA1' } })
    expect(() => buildChatMessage(script, values)).toThrow(/media id/)
  })

  it('sends a link as a news card titled by the script', () => {
    const script = {
      type: 'link',
      title: '{{customerName}}的专属福利',
      content: '{{level}}专享 8 折',
      link: { url: 'https://shop.example.com/vip', imageUrl: 'https://cdn.example.com/vip.png' },
    } as const
    expect(buildChatMessage(script, values).message).toEqual({
      msgtype: 'news',
      news: { link: 'https://shop.example.com/vip', title: '林小艾的专属福利', desc: '金卡会员专享 8 折', imgUrl: 'https://cdn.example.com/vip.png' },
    })
  })

  it('sends a mini-program card with the page as written', () => {
    const script = {
      type: 'miniprogram',
      title: '每日签到领积分',
      content: '',
      miniprogram: { appid: 'wx0000000000demo01', page: 'pages/checkin/index.html', imageUrl: 'https://cdn.example.com/c.png' },
    } as const
    expect(buildChatMessage(script, values).message).toEqual({
      msgtype: 'miniprogram',
      miniprogram: { appid: 'wx0000000000demo01', title: '每日签到领积分', imgUrl: 'https://cdn.example.com/c.png', page: 'pages/checkin/index.html' },
    })
  })

  it('sends a library file as a video or a document by its media id and kind', () => {
    const script = { type: 'file', title: '新品视频', content: '', file: { fileId: 3, name: '新品.mp4' } } as const
    expect(buildChatMessage(script, values, { mediaId: 'V1', kind: 'video' }).message).toEqual({ msgtype: 'video', video: { mediaid: 'V1' } })
    expect(buildChatMessage(script, values, { mediaId: 'F1', kind: 'file' }).message).toEqual({ msgtype: 'file', file: { mediaid: 'F1' } })
    expect(() => buildChatMessage(script, values, { mediaId: 'F1' })).toThrow(/kind/)
  })

  it('builds nothing when the customer lacks a value the script needs', () => {
    const script = { type: 'text', title: '积分提醒', content: '您有{{points}}积分' } as const
    expect(buildChatMessage(script, { ...values, points: null })).toEqual({ message: null, missing: ['points'] })
  })
})

describe('previewScript', () => {
  it('reports what is missing from title and content together', () => {
    const script = { type: 'text', title: '{{level}}礼遇', content: '{{level}}，积分{{points}}' } as const
    expect(previewScript(script, { customerName: 'x' })).toEqual({
      title: '{{level}}礼遇',
      content: '{{level}}，积分{{points}}',
      missing: ['level', 'points'],
    })
  })
})
