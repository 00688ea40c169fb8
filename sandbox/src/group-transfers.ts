// Customer groups handed to a new owner (WeCom doc 96334 and the on-the-job variant): groupchat/transfer
// for groups whose owner resigned, groupchat/onjob_transfer for an owner still at work. Each names 1-100
// groups and answers the ones it could not hand over in failed_chat_list. At most 300 of one owner's
// groups go to new owners a day, and an on-the-job group twice in 90 days; the sandbox answers both
// with 45009 (WeCom documents no code of its own for them). A handed-over group fires
// change_external_chat update/change_owner, so the server re-reads it.
import type { FastifyBaseLogger } from 'fastify'
import type { CallbackSender } from './callbacks'
import { requireDelivered } from './contacts'
import { checkUserId } from './directory'
import type { GroupChats } from './group-chats'
import type { Store } from './state'
import { ApiError, invalidParameter, readString, readStringList, type Json } from './tencent-api'
import type { Transfers } from './transfers'

export interface GroupTransferRecord {
  kind: 'onjob' | 'resigned'
  chat_id: string
  handover_userid: string
  takeover_userid: string
  /** Unix seconds */
  at: number
}

const MAX_CHATS_PER_CALL = 100
const DAILY_LIMIT_PER_OWNER = 300
const ONJOB_REPEATS_IN_WINDOW = 2
const WINDOW_SECONDS = 90 * 24 * 3600
/** WeCom's day ends at midnight China time. */
const CHINA_OFFSET_SECONDS = 8 * 3600
const dayOf = (seconds: number) => Math.floor((seconds + CHINA_OFFSET_SECONDS) / (24 * 3600))
/** groupchat/list status: 1 the owner resigned, 3 inherited. */
const OWNER_RESIGNED = 1
const INHERITED = 3

export type GroupTransfers = ReturnType<typeof createGroupTransfers>

export function createGroupTransfers(deps: {
  store: Store
  groupChats: GroupChats
  transfers: Transfers
  callbacks: CallbackSender
  now: () => Date
  log: FastifyBaseLogger
}) {
  const { store, groupChats, transfers, callbacks, log } = deps
  const data = store.data.transfers
  // Files written before groups could be handed over have no list yet.
  data.groups ??= []
  const records = data.groups
  const nowSeconds = () => Math.floor(deps.now().getTime() / 1000)
  let deliveries: Promise<void> = Promise.resolve()

  function errcodeFor(kind: GroupTransferRecord['kind'], chatId: string, takeover: string, at: number): number {
    let chat
    try {
      chat = groupChats.chatOf(chatId)
    } catch (error) {
      if (error instanceof ApiError) return error.errcode
      throw error
    }
    if (chat.owner === takeover) return 90504
    const ownerResigned = transfers.isResigned(chat.owner)
    if (kind === 'resigned') {
      if (chat.status === INHERITED && !ownerResigned) return 90508
      if (!ownerResigned) return 90500
    } else {
      if (ownerResigned) return 90502
      const recent = records.filter((record) => record.kind === 'onjob' && record.chat_id === chatId && record.at > at - WINDOW_SECONDS)
      if (recent.length >= ONJOB_REPEATS_IN_WINDOW) return 45009
    }
    const today = records.filter((record) => record.handover_userid === chat.owner && dayOf(record.at) === dayOf(at))
    if (today.length >= DAILY_LIMIT_PER_OWNER) return 45009
    return 0
  }

  function transfer(kind: GroupTransferRecord['kind'], body: Json) {
    const ids = readStringList(body, 'chat_id_list') ?? []
    if (ids.length === 0) throw invalidParameter('chat_id_list is empty')
    if (ids.length > MAX_CHATS_PER_CALL) throw invalidParameter(`chat_id_list exceeds ${MAX_CHATS_PER_CALL}`)
    const takeover = checkUserId(readString(body, 'new_owner'))
    if (transfers.isResigned(takeover)) throw new ApiError(60111, `userid not found: ${takeover}`)
    const at = nowSeconds()
    const failed: { chat_id: string; errcode: number; errmsg: string }[] = []
    for (const chatId of ids) {
      const errcode = errcodeFor(kind, chatId, takeover, at)
      if (errcode !== 0) {
        failed.push({ chat_id: chatId, errcode, errmsg: ERRMSGS[errcode] ?? 'failed' })
        continue
      }
      const chat = groupChats.chatOf(chatId)
      records.push({ kind, chat_id: chatId, handover_userid: chat.owner, takeover_userid: takeover, at })
      groupChats.setOwner(chat, takeover, kind === 'resigned' ? INHERITED : chat.status)
      deliveries = deliveries
        .then(async () =>
          requireDelivered(await callbacks.sendChatChange('update', { ChatId: chatId, CreateTime: at, UpdateDetail: 'change_owner' })),
        )
        .catch((error: unknown) => log.warn({ err: error }, 'change_owner callback not delivered'))
    }
    store.commit()
    return { failed_chat_list: failed }
  }

  return {
    onJob: (body: Json) => transfer('onjob', body),
    resigned: (body: Json) => transfer('resigned', body),
    /** A member resigns: the groups they own show as 离职群 (status 1) until handed over. */
    ownerResigned(userid: string): void {
      for (const chat of groupChats.ownedBy(userid)) groupChats.setStatus(chat, OWNER_RESIGNED)
    },
    delivered: () => deliveries,
  }
}

const ERRMSGS: Record<number, string> = {
  40050: 'chatid not found',
  45009: 'api freq out of limit',
  90500: 'the owner of this chat is not resigned',
  90502: 'the owner of this chat has resigned',
  90504: 'the new owner is the current owner',
  90508: 'the chat has been inherited',
}
