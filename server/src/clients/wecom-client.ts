// WeCom server APIs (WeCom doc 91039, WeCom doc 92114, WeCom doc 90506): one typed method per endpoint we use.
import type { CredentialStore } from './shared-credentials'
import { createTencentTransport, tokenFromReply, type TencentReply } from './tencent-client'
import { createGroupChatCalls } from './wecom-group-chats'
import { createMomentCalls } from './wecom-moments'
import { createGroupMessageCalls } from './wecom-group-messages'
import { createTransferCalls } from './wecom-transfers'

export interface WecomClientOptions {
  apiBase: string
  corpId: string
  agentId: number
  secret: string
  /** The clock access tokens and jsapi tickets expire by. */
  now: () => Date
  /** where servers share the access token and jsapi tickets */
  credentials: CredentialStore
}

export interface ExternalContact {
  external_userid: string
  name: string
  avatar?: string
  type: number
  gender: number
  unionid?: string
  corp_name?: string
}

export interface FollowUser {
  userid: string
  remark?: string
  description?: string
  createtime: number
  state?: string
  add_way?: number
  oper_userid?: string
  tags?: { group_name: string; tag_name: string; tag_id?: string; type: number }[]
}

export interface WecomMember {
  userid: string
  name: string
  avatar?: string
  department?: number[]
  main_department?: number
  /** 1 where the member leads the department at the same position of `department` */
  is_leader_in_dept?: number[]
}

/** A department as department/list answers it (WeCom doc 90344). */
export interface WecomDepartment {
  id: number
  name: string
  name_en?: string
  /** 0 for the root */
  parentid: number
  /** among siblings, a larger order comes first */
  order: number
  department_leader?: string[]
}

/** One member in one department (user/list_id, WeCom doc 96067): a member in several departments has several rows. */
export interface DepartmentMembership {
  userid: string
  department: number
}

export interface CorpTagGroup {
  group_id: string
  group_name: string
  deleted?: boolean
  tag: { id: string; name: string; deleted?: boolean }[]
}

export interface WelcomeMessage {
  welcome_code: string
  text?: { content: string }
  attachments?: Record<string, unknown>[]
}

export interface ContactWayConfig {
  type: 1 | 2
  scene: 1 | 2
  remark?: string
  skip_verify?: boolean
  state?: string
  user?: string[]
  party?: number[]
}

type Reply<T> = TencentReply & T

export type WecomClient = ReturnType<typeof createWecomClient>

const TEMPORARY_MEDIA_LIFETIME_MS = 3 * 24 * 3600 * 1000
/** Upload again this long before WeCom forgets a temporary media, so a send never carries a dying id. */
const MEDIA_REFRESH_MARGIN_MS = 3600 * 1000

/** Whether a kept temporary media id is good for at least the next hour. */
export const mediaStillUsable = (expiresAt: Date | null, now: Date) => expiresAt !== null && expiresAt.getTime() - MEDIA_REFRESH_MARGIN_MS > now.getTime()

export function createWecomClient(options: WecomClientOptions) {
  const { corpId, agentId, now, credentials } = options
  const transport = createTencentTransport({
    platform: 'wecom',
    baseUrl: options.apiBase,
    credential: `wecom:${corpId}:${agentId}:access_token`,
    credentials,
    fetchToken: async (t) =>
      tokenFromReply(
        await t.call<Reply<{ access_token?: string; expires_in?: number }>>('cgi-bin/gettoken', {
          withToken: false,
          query: { corpid: corpId, corpsecret: options.secret },
        }),
        now(),
      ),
  })
  const { call } = transport

  // jsapi tickets are limited to a few hundred per hour, so each kind is cached for its lifetime.
  const ticketOf = (kind: 'corp' | 'agent') =>
    credentials(`wecom:${corpId}:${agentId}:jsapi_ticket:${kind}`, async () => {
      const reply = await call<Reply<{ ticket: string; expires_in: number }>>(
        kind === 'corp' ? 'cgi-bin/get_jsapi_ticket' : 'cgi-bin/ticket/get',
        { query: kind === 'corp' ? {} : { type: 'agent_config' } },
      )
      return { value: reply.ticket, expiresAt: now().getTime() + reply.expires_in * 1000 }
    })
  const tickets = { corp: ticketOf('corp'), agent: ticketOf('agent') }

  return {
    corpId,
    agentId,
    accessToken: transport.accessToken,

    /** OAuth code → member userid (WeCom doc 91022). Non-members have no userid. */
    async getUserIdByCode(code: string): Promise<string | null> {
      const reply = await call<Reply<{ userid?: string }>>('cgi-bin/auth/getuserinfo', { query: { code } })
      return reply.userid ?? null
    },

    async getMember(userId: string): Promise<WecomMember> {
      return call<Reply<WecomMember>>('cgi-bin/user/get', { query: { userid: userId } })
    },

    /** The department and every department under it; the whole tree without an id. */
    async listDepartments(id?: number): Promise<WecomDepartment[]> {
      const reply = await call<Reply<{ department: WecomDepartment[] }>>('cgi-bin/department/list', { query: { id } })
      return reply.department
    },

    /** One page of member–department rows; an empty `next_cursor` means the last page. `limit` is 1 to 10000. */
    async listMemberIds(body: { cursor?: string; limit?: number } = {}) {
      return call<Reply<{ next_cursor?: string; dept_user: DepartmentMembership[] }>>('cgi-bin/user/list_id', { method: 'POST', body })
    },

    async getExternalContact(externalUserId: string) {
      return call<Reply<{ external_contact: ExternalContact; follow_user: FollowUser[] }>>(
        'cgi-bin/externalcontact/get',
        { query: { external_userid: externalUserId } },
      )
    },

    async markTag(body: { userid: string; external_userid: string; add_tag?: string[]; remove_tag?: string[] }) {
      await call('cgi-bin/externalcontact/mark_tag', { method: 'POST', body })
    },

    /** Adds tags into the group with this id, or into the group with this name (created when new). */
    async addCorpTag(body: { group_id?: string; group_name?: string; tag: { name: string }[] }) {
      return call<Reply<{ tag_group: { group_id: string; group_name: string; tag: { id: string; name: string }[] } }>>(
        'cgi-bin/externalcontact/add_corp_tag',
        { method: 'POST', body },
      )
    },

    /** Every live group and tag when both lists are empty; by id, deleted ones too (flagged). */
    async getCorpTagList(body: { tag_id?: string[]; group_id?: string[] } = {}) {
      return call<Reply<{ tag_group: CorpTagGroup[] }>>('cgi-bin/externalcontact/get_corp_tag_list', {
        method: 'POST',
        body,
      })
    },

    /** Renames a tag or a tag group (the id says which). */
    async editCorpTag(body: { id: string; name: string }) {
      await call('cgi-bin/externalcontact/edit_corp_tag', { method: 'POST', body })
    },

    async deleteCorpTag(body: { tag_id?: string[]; group_id?: string[] }) {
      await call('cgi-bin/externalcontact/del_corp_tag', { method: 'POST', body })
    },

    async sendWelcomeMessage(body: WelcomeMessage) {
      await call('cgi-bin/externalcontact/send_welcome_msg', { method: 'POST', body })
    },

    /** An app message to members (e.g. "a customer deleted you"). */
    async sendAppText(userIds: string[], content: string) {
      await call('cgi-bin/message/send', {
        method: 'POST',
        body: { touser: userIds.join('|'), msgtype: 'text', agentid: agentId, text: { content } },
      })
    },

    async addContactWay(body: ContactWayConfig) {
      return call<Reply<{ config_id: string; qr_code?: string }>>('cgi-bin/externalcontact/add_contact_way', {
        method: 'POST',
        body,
      })
    },

    async updateContactWay(body: Partial<ContactWayConfig> & { config_id: string }) {
      await call('cgi-bin/externalcontact/update_contact_way', { method: 'POST', body })
    },

    async getContactWay(configId: string) {
      return call<Reply<{ contact_way: ContactWayConfig & { config_id: string; qr_code?: string } }>>(
        'cgi-bin/externalcontact/get_contact_way',
        { method: 'POST', body: { config_id: configId } },
      )
    },

    async deleteContactWay(configId: string) {
      await call('cgi-bin/externalcontact/del_contact_way', { method: 'POST', body: { config_id: configId } })
    },

    /**
     * Temporary media (WeCom doc 90253): valid three days, and what `sendChatMessage` needs to send an
     * image. `created_at` is in seconds, as a string.
     */
    async uploadMedia(type: 'image' | 'video' | 'file', file: { filename: string; contentType: string; bytes: Buffer }) {
      const form = new FormData()
      form.append('media', new Blob([file.bytes], { type: file.contentType }), file.filename)
      const reply = await call<Reply<{ type: string; media_id: string; created_at: string }>>('cgi-bin/media/upload', {
        method: 'POST',
        query: { type },
        body: form,
      })
      const createdAt = new Date(Number(reply.created_at) * 1000)
      return { mediaId: reply.media_id, createdAt, expiresAt: new Date(createdAt.getTime() + TEMPORARY_MEDIA_LIFETIME_MS) }
    },

    /** Customer groups, group live codes and group welcome templates. */
    groupChats: createGroupChatCalls(call),

    /** Customer broadcasts: create for a member to confirm, tasks and results, remind, cancel. */
    groupMessages: createGroupMessageCalls(call),

    /** Customer inheritance: on-the-job and resigned transfers, their results, the unassigned list. */
    transfers: createTransferCalls(call),

    /** Customer moments: the task and its job, each member's publish status, reach, likes and comments. */
    moments: createMomentCalls(call),

    /** Corp ticket for `getConfigSignature` and the app's own for `getAgentConfigSignature`. */
    jsapiTicket: async (kind: 'corp' | 'agent') => (await tickets[kind].get()).value,
  }
}
