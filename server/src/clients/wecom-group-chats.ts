// WeCom's customer-group APIs (WeCom docs 92120, 92122, 92229, 92366): groups, group live codes (join
// ways) and group welcome templates, typed. Part of the WeCom client as `wecom.groupChats`.
import type { CallOptions, TencentReply } from './tencent-client'

type Reply<T> = TencentReply & T
type Call = <T extends TencentReply>(api: string, options?: CallOptions) => Promise<T>

export interface GroupChatMemberInfo {
  userid: string
  /** 1 a corp member, 2 an external contact */
  type: 1 | 2
  unionid?: string
  join_time: number
  /** 1 invited directly, 2 by an invitation link, 3 scanned the QR code */
  join_scene: number
  invitor?: { userid: string }
  group_nickname?: string
  name?: string
  state?: string
}

export interface GroupChatInfo {
  chat_id: string
  name: string
  owner: string
  create_time: number
  notice?: string
  member_list: GroupChatMemberInfo[]
  admin_list?: { userid: string }[]
  member_version?: string
}

export interface JoinWayConfig {
  scene: 1 | 2
  remark?: string
  auto_create_room?: 0 | 1
  room_base_name?: string
  room_base_id?: number
  chat_id_list: string[]
  state?: string
}

export interface GroupWelcomeTemplateBody {
  text?: { content: string }
  image?: { pic_url: string }
  link?: { title: string; url: string; desc?: string; picurl?: string }
  miniprogram?: { title: string; pic_media_id: string; appid: string; page: string }
}

/** One day's figures in groupchat/statistic_group_by_day. */
export interface GroupChatDayFigures {
  new_chat_cnt: number
  chat_total: number
  chat_has_msg: number
  new_member_cnt: number
  member_total: number
  member_has_msg: number
  msg_total: number
}

const post = <T extends TencentReply>(call: Call, api: string, body: unknown) =>
  call<T>(`cgi-bin/externalcontact/${api}`, { method: 'POST', body })

export function createGroupChatCalls(call: Call) {
  return {
    /** One page of groups; `cursor` from the previous page, '' when there is none. */
    list(body: { status_filter?: number; owner_filter?: { userid_list: string[] }; cursor?: string; limit: number }) {
      return post<Reply<{ group_chat_list: { chat_id: string; status: number }[]; next_cursor?: string }>>(call, 'groupchat/list', body)
    },

    async get(chatId: string): Promise<GroupChatInfo> {
      return (await post<Reply<{ group_chat: GroupChatInfo }>>(call, 'groupchat/get', { chat_id: chatId, need_name: 1 })).group_chat
    },

    /** Daily figures of these owners' groups together; days are midnight timestamps, yesterday at the latest. */
    async statisticByDay(body: { day_begin_time: number; day_end_time: number; owner_filter: { userid_list: string[] } }) {
      return (await post<Reply<{ items: { stat_time: number; data: GroupChatDayFigures }[] }>>(call, 'groupchat/statistic_group_by_day', body)).items
    },

    async addJoinWay(body: JoinWayConfig): Promise<string> {
      return (await post<Reply<{ config_id: string }>>(call, 'groupchat/add_join_way', body)).config_id
    },

    async getJoinWay(configId: string) {
      return (await post<Reply<{ join_way: JoinWayConfig & { config_id: string; qr_code?: string } }>>(call, 'groupchat/get_join_way', { config_id: configId })).join_way
    },

    /** Overwrites the whole configuration. */
    async updateJoinWay(body: JoinWayConfig & { config_id: string }): Promise<void> {
      await post(call, 'groupchat/update_join_way', body)
    },

    async deleteJoinWay(configId: string): Promise<void> {
      await post(call, 'groupchat/del_join_way', { config_id: configId })
    },

    async addWelcomeTemplate(body: GroupWelcomeTemplateBody & { notify?: 0 | 1 }): Promise<string> {
      return (await post<Reply<{ template_id: string }>>(call, 'group_welcome_template/add', body)).template_id
    },

    async editWelcomeTemplate(body: GroupWelcomeTemplateBody & { template_id: string }): Promise<void> {
      await post(call, 'group_welcome_template/edit', body)
    },

    async deleteWelcomeTemplate(templateId: string): Promise<void> {
      await post(call, 'group_welcome_template/del', { template_id: templateId })
    },
  }
}

export type GroupChatCalls = ReturnType<typeof createGroupChatCalls>
