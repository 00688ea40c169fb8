import { describe, expect, it } from 'vitest'
import { describeChatMessage } from './describe-message'

describe('describeChatMessage', () => {
  it('puts each kind of chat message into words', () => {
    expect(describeChatMessage({ msgtype: 'text', text: { content: '您好' } })).toEqual({ kind: '文本', lines: ['您好'] })
    expect(
      describeChatMessage({
        msgtype: 'news',
        news: { title: '春季上新', desc: '', link: 'https://shop.example/new', imgUrl: 'https://img.example/1.png' },
      }),
    ).toEqual({ kind: '链接', lines: ['春季上新', 'https://shop.example/new'] })
    expect(
      describeChatMessage({
        msgtype: 'miniprogram',
        miniprogram: { appid: 'wx1', title: '拼团', imgUrl: 'https://img.example/2.png', page: 'pages/groupbuy/index.html' },
      }),
    ).toEqual({ kind: '小程序', lines: ['拼团', 'wx1 · pages/groupbuy/index.html'] })
    expect(describeChatMessage({ msgtype: 'image', image: { mediaid: 'MEDIA1' } }).kind).toBe('图片')
  })
})
