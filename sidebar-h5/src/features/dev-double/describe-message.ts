import type { ChatMessage } from '../../lib/wecom'

export interface MessageDescription {
  kind: string
  lines: string[]
}

/** What a sendChatMessage payload would look like in the chat, in words. */
export function describeChatMessage(message: ChatMessage): MessageDescription {
  switch (message.msgtype) {
    case 'text':
      return { kind: '文本', lines: [message.text.content] }
    case 'image':
      return { kind: '图片', lines: [`素材 ID：${message.image.mediaid ?? '（无）'}`] }
    case 'video':
      return { kind: '视频', lines: [`素材 ID：${message.video.mediaid}`] }
    case 'file':
      return { kind: '文件', lines: [`素材 ID：${message.file.mediaid}`] }
    case 'news':
      return { kind: '链接', lines: [message.news.title, message.news.desc, message.news.link].filter(Boolean) }
    case 'miniprogram':
      return {
        kind: '小程序',
        lines: [message.miniprogram.title, `${message.miniprogram.appid} · ${message.miniprogram.page}`],
      }
    case 'msgmenu':
      return { kind: '菜单消息', lines: [message.msgmenu.head_content] }
    case 'channels_shop_product':
      return { kind: '视频号商品', lines: [`商品 ID：${message.channelsShopProduct.productId}`] }
  }
}
