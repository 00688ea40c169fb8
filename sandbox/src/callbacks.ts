// Delivers WeCom callbacks to the server as WeCom does (WeCom doc 91116, WeCom doc 92130): the inner event XML
// sealed with the app's key, POSTed with the signed query, retried on any non-200.
import type { FastifyBaseLogger } from 'fastify'
import { buildXml, sealCallback, type CallbackKeys, type SignedQuery } from './envelope'
import { RecentList } from './recent-list'

export interface DeliveredCallback {
  query: SignedQuery
  body: string
  innerXml: string
  /** The last HTTP status, or null when the last attempt got no answer. */
  status: number | null
  attempts: number
  at: string
}

export type ContactChange = 'add_external_contact' | 'edit_external_contact' | 'del_external_contact' | 'del_follow_user' | 'transfer_fail'

export type TagChange = 'create' | 'update' | 'delete'

/** change_external_chat (WeCom doc 92130): the chat's own change, and for `update` what changed. */
export type ChatChange = 'create' | 'update' | 'dismiss'
export type ChatUpdateDetail = 'add_member' | 'del_member' | 'change_owner' | 'change_name' | 'change_notice'

export interface ChatChangeFields {
  ChatId: string
  /** Unix seconds. */
  CreateTime: number
  UpdateDetail?: ChatUpdateDetail
  /** add_member only: 0 invited (directly or by link), 3 scanned the group's QR code. */
  JoinScene?: number
  /** del_member only: 0 left, 1 removed by the owner or an admin. */
  QuitScene?: number
  MemChangeList?: string[]
  LastMemVer?: string
  CurMemVer?: string
}
export type TagKind = 'tag' | 'tag_group'

export interface ContactChangeFields {
  /** Unix seconds; now unless the control API backdates the change. */
  CreateTime?: number
  UserID: string
  ExternalUserID: string
  State?: string
  WelcomeCode?: string
  /** del_external_contact: DELETE_BY_TRANSFER when a transfer took the customer to another member. */
  Source?: string
  /** transfer_fail: customer_refused or customer_limit_exceed; UserID is then the takeover member. */
  FailReason?: string
}

const ATTEMPTS = 4 // the first try and WeCom's three retries
const ATTEMPT_TIMEOUT_MS = 5000 // WeCom gives up on an answer after 5 s
const RETRY_DELAY_MS = 100

export type CallbackSender = ReturnType<typeof createCallbackSender>

export function createCallbackSender(options: { keys: CallbackKeys; url: () => string; now: () => Date; log: FastifyBaseLogger }) {
  const { keys, log } = options
  const delivered = new RecentList<DeliveredCallback>()

  async function attempt(url: URL, body: string): Promise<number | null> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        body,
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      })
      await response.arrayBuffer()
      return response.status
    } catch (error) {
      log.debug({ err: error }, 'callback attempt got no answer')
      return null
    }
  }

  /** Sends one sealed envelope; every retry repeats it byte for byte, as WeCom's do. */
  async function deliver(innerXml: string): Promise<DeliveredCallback> {
    const { query, body } = sealCallback(keys, innerXml, options.now())
    const url = new URL(options.url())
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value)
    let status: number | null = null
    let attempts = 0
    while (attempts < ATTEMPTS && status !== 200) {
      if (attempts > 0) await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS))
      attempts++
      status = await attempt(url, body)
    }
    if (status !== 200) log.warn({ url: url.toString(), status, attempts }, 'callback not accepted by the server')
    const record = { query, body, innerXml, status, attempts, at: new Date().toISOString() }
    delivered.add(record)
    return record
  }

  /** The header every customer-contact event carries (WeCom doc 92130). */
  const header = (event: string, createTime?: number) => ({
    ToUserName: keys.corpId,
    FromUserName: 'sys',
    CreateTime: createTime ?? Math.floor(Date.now() / 1000),
    MsgType: 'event',
    Event: event,
  })

  return {
    /** A change_external_contact event; State only when there is one. */
    sendContactChange(change: ContactChange, fields: ContactChangeFields): Promise<DeliveredCallback> {
      return deliver(
        buildXml({
          ...header('change_external_contact', fields.CreateTime),
          ChangeType: change,
          UserID: fields.UserID,
          ExternalUserID: fields.ExternalUserID,
          State: fields.State || undefined,
          WelcomeCode: fields.WelcomeCode,
          Source: fields.Source,
          FailReason: fields.FailReason,
        }),
      )
    },

    /** A change_external_tag event: an admin changed a corp tag or tag group in the console. */
    sendTagChange(change: TagChange, id: string, kind: TagKind): Promise<DeliveredCallback> {
      return deliver(buildXml({ ...header('change_external_tag'), Id: id, TagType: kind, ChangeType: change }))
    },
    /** A change_external_chat event: a customer group was created, changed or dismissed in the client. */
    sendChatChange(change: ChatChange, fields: ChatChangeFields): Promise<DeliveredCallback> {
      const { ChatId, CreateTime, MemChangeList, ...update } = fields
      return deliver(
        buildXml({
          ...header('change_external_chat', CreateTime),
          ChatId,
          ChangeType: change,
          ...update,
          ...(MemChangeList ? { MemChangeCnt: MemChangeList.length, MemChangeList } : {}),
        }),
      )
    },
    delivered: () => delivered.newestFirst(),
  }
}
