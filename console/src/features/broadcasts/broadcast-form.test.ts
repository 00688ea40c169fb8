import { describe, expect, it } from 'vitest'
import { BLANK_BROADCAST, audienceOf, broadcastProblems, broadcastRequest } from './broadcast-form'

describe('the compose form', () => {
  it('asks for a name, content, and groups for a group broadcast', () => {
    expect(broadcastProblems(BLANK_BROADCAST)).toEqual(['请填写群发名称', '群发的文字和附件不能都为空'])
    const group = { ...BLANK_BROADCAST, name: '群公告', chatType: 'group' as const, text: '你好' }
    expect(broadcastProblems(group)).toEqual(['请选择客户群或群主'])
    expect(audienceOf({ ...group, ownerUserIds: ['guide_li'] })).toEqual({ chatType: 'group', ownerUserIds: ['guide_li'] })
  })

  it('checks attachments and the send time, and leaves empty link fields out', () => {
    const form = {
      ...BLANK_BROADCAST,
      name: '上新',
      attachments: [{ type: 'link' as const, title: '新品', url: 'https://example.com', desc: '', picUrl: '' }],
      when: 'later' as const,
      sendAt: '2020-01-01T10:00',
    }
    expect(broadcastProblems(form)).toEqual(['发送时间需晚于现在'])
    expect(broadcastRequest({ ...form, when: 'now' })).toEqual({
      name: '上新',
      chatType: 'single',
      filter: {},
      text: '',
      attachments: [{ type: 'link', title: '新品', url: 'https://example.com' }],
    })
    const card = { type: 'miniprogram' as const, title: '会员', appid: 'wx123', page: '', picUrl: 'x' }
    expect(broadcastProblems({ ...form, when: 'now', attachments: [card] })).toEqual([
      '第 1 个附件的地址需以 http:// 或 https:// 开头',
      '第 1 个附件的小程序 AppID 格式不对',
      '第 1 个附件需要页面路径',
    ])
  })
})
