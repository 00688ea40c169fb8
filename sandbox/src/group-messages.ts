// Customer broadcasts (客户群发 / 客户群群发, WeCom docs 92135, 93338): add_msg_template creates a task per
// sending member and sends nothing; the member confirms in their client (the control API plays that), and
// only then does WeCom decide per customer or group: sent, not a friend, or refused because the recipient
// has already received the corp's allowance for the period (群发助手 → 设置群发规则).
import { randomBytes } from 'node:crypto'
import { SandboxError } from './contacts'
import { checkUserId } from './directory'
import { checkTextWithAttachments } from './messages'
import { entryOf, type Store } from './state'
import { ApiError, invalidParameter, readBool, readInt, readList, readObject, readString, readStringList, type Json } from './tencent-api'

/** WeCom's receive rules: the month's days (the default), seven a week, one a day, and the older four a month. */
export const RECEIVE_RULES = ['month_days', 'week_7', 'day_1', 'month_4'] as const
export type ReceiveRule = (typeof RECEIVE_RULES)[number]

/** get_groupmsg_send_result: 0 未发送, 1 已发送, 2 因客户不是好友导致发送失败, 3 因客户已经收到其他群发消息导致发送失败. */
export type SendStatus = 0 | 1 | 2 | 3

export interface GroupMessageTask {
  userid: string
  /** get_groupmsg_task: 0 未发送, 2 已发送 (there is no 1) */
  status: 0 | 2
  send_time?: number
  /** external_userid (single) or chat_id (group), with what happened to each */
  results: { id: string; status: SendStatus; send_time?: number }[]
}

export interface GroupMessage {
  msgid: string
  chat_type: 'single' | 'group'
  create_time: number
  /** 0 created by the corp (API or admin), 1 by a member */
  create_type: 0 | 1
  creator?: string
  text?: Json
  attachments: Json[]
  tasks: GroupMessageTask[]
  cancelled: boolean
  /** remind_groupmsg_send times, Unix seconds */
  reminds: number[]
}

export interface GroupMessageData {
  messages: Record<string, GroupMessage>
  /** What each customer (external_userid) or group (chat_id) received, Unix seconds: the allowance is counted from it. */
  received: Record<string, number[]>
  rule: ReceiveRule
}

export interface GroupMessageOptions {
  /**
   * How long after add_msg_template the task and result reads answer 41063 (群发消息正在被派发中). The
   * real delay is not documented; a few seconds by default.
   */
  dispatchSeconds: number
  /** The most a task or result page holds whatever the limit asked (WeCom's 1000); tests lower it to walk cursors. */
  pageSize?: number
}

const MAX_CUSTOMERS = 10_000
const MAX_CHATS = 2000
const MAX_TAGS_PER_GROUP = 100
const LIST_MAX_LIMIT = 100
const LIST_DEFAULT_LIMIT = 50
const RESULT_MAX_LIMIT = 1000
const RESULT_DEFAULT_LIMIT = 500
const LIST_MAX_RANGE_SECONDS = 31 * 86_400
const REMINDS_PER_DAY = 3
const DAY_SECONDS = 86_400
/** WeCom's days, weeks and months are China's (UTC+8). */
const CHINA_OFFSET_SECONDS = 8 * 3600
/** 41063: 群发消息正在被派发中，请稍后再试 */
const DISPATCHING = 41063
/** The reminder cap has no documented errcode of its own [UNCONFIRMED]: the frequency limit is used. */
const TOO_FREQUENT = 45009

const toSeconds = (date: Date) => Math.floor(date.getTime() / 1000)
const newMsgId = () => `msg${randomBytes(18).toString('base64url')}`

/** The start (Unix seconds) of the period the rule counts in, and how many it allows there. */
export function allowanceAt(rule: ReceiveRule, at: number): { since: number; allowed: number } {
  const china = new Date((at + CHINA_OFFSET_SECONDS) * 1000)
  const dayStart = Math.floor((at + CHINA_OFFSET_SECONDS) / DAY_SECONDS) * DAY_SECONDS - CHINA_OFFSET_SECONDS
  if (rule === 'day_1') return { since: dayStart, allowed: 1 }
  if (rule === 'week_7') return { since: dayStart - ((china.getUTCDay() + 6) % 7) * DAY_SECONDS, allowed: 7 }
  const monthStart = Date.UTC(china.getUTCFullYear(), china.getUTCMonth(), 1) / 1000 - CHINA_OFFSET_SECONDS
  const days = new Date(Date.UTC(china.getUTCFullYear(), china.getUTCMonth() + 1, 0)).getUTCDate()
  return { since: monthStart, allowed: rule === 'month_4' ? 4 : days }
}

/** A cursor is the position of the next item, as text. */
function page<T>(items: T[], body: Json, max: number, fallback: number, cap = max): { items: T[]; next_cursor: string } {
  const asked = readInt(body, 'limit') ?? fallback
  if (asked < 1 || asked > max) throw invalidParameter(`limit must be 1 to ${max}`)
  const limit = Math.min(asked, cap)
  const cursor = readString(body, 'cursor')
  const start = cursor ? Number.parseInt(cursor, 10) : 0
  if (!Number.isInteger(start) || start < 0) throw new ApiError(40058, 'invalid cursor')
  const end = start + limit
  return { items: items.slice(start, end), next_cursor: end < items.length ? String(end) : '' }
}

/** tag_filter: tags in one group are ORed, groups are ANDed. */
function tagFilterOf(body: Json): string[][] {
  const filter = readObject(body, 'tag_filter')
  if (!filter) return []
  return (readList(filter, 'group_list') ?? []).map((group) => {
    const tags = readStringList((group ?? {}) as Json, 'tag_list') ?? []
    if (tags.length > MAX_TAGS_PER_GROUP) throw invalidParameter(`more than ${MAX_TAGS_PER_GROUP} tags in a tag group`)
    return tags
  })
}

export type GroupMessages = ReturnType<typeof createGroupMessages>

export function createGroupMessages(deps: {
  store: Store
  now: () => Date
  options: GroupMessageOptions
  /** Whether a temporary media id was uploaded and is still within its three days. */
  mediaAlive: (mediaId: string) => boolean
}) {
  const { store, now } = deps
  const data = store.data.groupMessages
  const { contacts, groupChats } = store.data
  const nowSeconds = () => toSeconds(now())

  function messageOf(msgid: string | undefined): GroupMessage {
    if (!msgid) throw invalidParameter('missing msgid')
    const message = entryOf(data.messages, msgid)
    if (!message) throw invalidParameter('invalid msgid')
    return message
  }

  /** The task and result reads while WeCom is still handing the broadcast out. */
  function requireDispatched(message: GroupMessage): void {
    if (nowSeconds() - message.create_time < deps.options.dispatchSeconds) throw new ApiError(DISPATCHING, 'group msg is dispatching, retry later')
  }

  const followsOf = (externalUserId: string) => entryOf(contacts, externalUserId)?.follow_user ?? []
  const customersOf = (userid: string) => Object.values(contacts).filter((c) => c.follow_user.some((f) => f.userid === userid)).map((c) => c.external_userid)
  const liveChat = (chatId: string) => {
    const chat = entryOf(groupChats, chatId)
    return chat && chat.dismissed_at === undefined ? chat : undefined
  }

  /** single: who sends to whom. With a sender, only their customers; without, each customer's newest follower. */
  function singleTasks(body: Json, sender: string | undefined): { tasks: Map<string, string[]>; failList: string[] } {
    const given = readStringList(body, 'external_userid')
    if (given && given.length > MAX_CUSTOMERS) throw invalidParameter(`external_userid exceeds ${MAX_CUSTOMERS}`)
    if (!given?.length && !sender) throw invalidParameter('external_userid and sender are both empty')
    const tagGroups = tagFilterOf(body)
    const tasks = new Map<string, string[]>()
    const failList: string[] = []
    for (const id of given?.length ? [...new Set(given)] : customersOf(sender as string)) {
      const follows = followsOf(id).filter((follow) => !sender || follow.userid === sender)
      const follow = follows.sort((a, b) => b.createtime - a.createtime)[0]
      if (!follow) {
        failList.push(id)
        continue
      }
      if (!tagGroups.every((tags) => tags.length === 0 || tags.some((tag) => follow.tag_ids.includes(tag)))) continue
      tasks.set(follow.userid, [...(tasks.get(follow.userid) ?? []), id])
    }
    return { tasks, failList }
  }

  /** group: the owner sends to the groups named, or to all of theirs. */
  function groupTasks(body: Json, sender: string | undefined): { tasks: Map<string, string[]>; failList: string[] } {
    if (!sender) throw invalidParameter('sender is required for chat_type group')
    const chatIds = readStringList(body, 'chat_id_list')
    if (chatIds && chatIds.length > MAX_CHATS) throw invalidParameter(`chat_id_list exceeds ${MAX_CHATS}`)
    const owned = (chatId: string) => liveChat(chatId)?.owner === sender
    const chats = chatIds?.length
      ? [...new Set(chatIds)].filter(owned)
      : Object.values(groupChats).filter((chat) => chat.dismissed_at === undefined && chat.owner === sender).map((chat) => chat.chat_id)
    return { tasks: chats.length ? new Map([[sender, chats]]) : new Map(), failList: [] }
  }

  /** Attachments name media by id: one WeCom does not know, or has forgotten, is refused. */
  function checkMedia(body: Json): void {
    for (const item of (readList(body, 'attachments') ?? []) as Json[]) {
      const content = (readObject(item, readString(item, 'msgtype') ?? '') ?? {}) as Json
      for (const field of ['media_id', 'pic_media_id']) {
        const id = readString(content, field)
        if (id !== undefined && !deps.mediaAlive(id)) throw new ApiError(40007, `invalid media_id: ${id}`)
      }
    }
  }

  function received(recipient: string, at: number): number {
    const { since } = allowanceAt(data.rule, at)
    return (entryOf(data.received, recipient) ?? []).filter((time) => time >= since).length
  }

  return {
    addMsgTemplate(body: Json): { msgid: string; fail_list: string[] } {
      const chatType = readString(body, 'chat_type') ?? 'single'
      if (chatType !== 'single' && chatType !== 'group') throw invalidParameter('chat_type must be single or group')
      checkTextWithAttachments(body)
      checkMedia(body)
      readBool(body, 'allow_select')
      const senderId = readString(body, 'sender')
      const sender = senderId === undefined ? undefined : checkUserId(senderId)
      const { tasks, failList } = chatType === 'single' ? singleTasks(body, sender) : groupTasks(body, sender)
      const msgid = newMsgId()
      data.messages[msgid] = {
        msgid,
        chat_type: chatType,
        create_time: nowSeconds(),
        create_type: 0,
        ...(readObject(body, 'text') ? { text: readObject(body, 'text') } : {}),
        attachments: (readList(body, 'attachments') ?? []) as Json[],
        tasks: [...tasks].map(([userid, ids]) => ({ userid, status: 0, results: ids.map((id) => ({ id, status: 0 })) })),
        cancelled: false,
        reminds: [],
      }
      store.commit()
      return { msgid, fail_list: failList }
    },

    list(body: Json) {
      const chatType = readString(body, 'chat_type')
      if (chatType !== 'single' && chatType !== 'group') throw invalidParameter('chat_type must be single or group')
      const start = readInt(body, 'start_time')
      const end = readInt(body, 'end_time')
      if (start === undefined || end === undefined) throw invalidParameter('start_time and end_time are required')
      if (end < start || end - start > LIST_MAX_RANGE_SECONDS) throw invalidParameter('the time range must be within one month')
      const filterType = readInt(body, 'filter_type') ?? 2
      const creator = readString(body, 'creator')
      const matching = Object.values(data.messages)
        .filter((m) => m.chat_type === chatType && m.create_time >= start && m.create_time <= end)
        .filter((m) => filterType === 2 || m.create_type === filterType)
        .filter((m) => !creator || m.creator === creator)
        .sort((a, b) => b.create_time - a.create_time)
      const { items, next_cursor } = page(matching, body, LIST_MAX_LIMIT, LIST_DEFAULT_LIMIT)
      return {
        group_msg_list: items.map((m) => ({
          msgid: m.msgid,
          // Not returned for broadcasts the API created.
          ...(m.creator ? { creator: m.creator } : {}),
          create_time: String(m.create_time),
          create_type: m.create_type,
          ...(m.text ? { text: m.text } : {}),
          attachments: m.attachments,
        })),
        next_cursor,
      }
    },

    tasks(body: Json) {
      const message = messageOf(readString(body, 'msgid'))
      requireDispatched(message)
      const { items, next_cursor } = page(message.tasks, body, RESULT_MAX_LIMIT, RESULT_DEFAULT_LIMIT, deps.options.pageSize)
      return {
        task_list: items.map((task) => ({ userid: task.userid, status: task.status, ...(task.send_time ? { send_time: task.send_time } : {}) })),
        next_cursor,
      }
    },

    sendResults(body: Json) {
      const message = messageOf(readString(body, 'msgid'))
      const userid = checkUserId(readString(body, 'userid'))
      requireDispatched(message)
      const results = message.tasks.find((task) => task.userid === userid)?.results ?? []
      const key = message.chat_type === 'single' ? 'external_userid' : 'chat_id'
      const { items, next_cursor } = page(results, body, RESULT_MAX_LIMIT, RESULT_DEFAULT_LIMIT, deps.options.pageSize)
      return {
        send_list: items.map((result) => ({
          [key]: result.id,
          userid,
          status: result.status,
          ...(result.send_time ? { send_time: result.send_time } : {}),
        })),
        next_cursor,
      }
    },

    remind(body: Json): void {
      const message = messageOf(readString(body, 'msgid'))
      if (message.cancelled) throw invalidParameter('the group msg has been cancelled')
      const at = nowSeconds()
      message.reminds = message.reminds.filter((time) => time > at - DAY_SECONDS)
      if (message.reminds.length >= REMINDS_PER_DAY) throw new ApiError(TOO_FREQUENT, 'api freq out of limit: at most 3 reminders in 24 hours')
      message.reminds.push(at)
      store.commit()
    },

    cancel(body: Json): void {
      const message = messageOf(readString(body, 'msgid'))
      message.cancelled = true
      store.commit()
    },

    // ---- The client's side ----

    /** A member taps 发送 on their task: each recipient is decided now, by friendship and the allowance. */
    confirm(msgid: string, userid: string): GroupMessageTask {
      const message = entryOf(data.messages, msgid)
      if (!message) throw new SandboxError(404, 'NOT_FOUND', 'no such group message')
      const task = message.tasks.find((candidate) => candidate.userid === userid)
      if (!task) throw new SandboxError(404, 'NOT_FOUND', `${userid} has no task in this group message`)
      if (message.cancelled) throw new SandboxError(409, 'CANCELLED', 'the corp stopped this group message')
      if (task.status === 2) throw new SandboxError(409, 'ALREADY_SENT', `${userid} has sent this group message already`)
      const at = nowSeconds()
      for (const result of task.results) {
        const reachable =
          message.chat_type === 'single' ? followsOf(result.id).some((follow) => follow.userid === userid) : liveChat(result.id) !== undefined
        if (!reachable) result.status = 2
        else if (received(result.id, at) >= allowanceAt(data.rule, at).allowed) result.status = 3
        else {
          result.status = 1
          data.received[result.id] = [...(entryOf(data.received, result.id) ?? []), at]
        }
        result.send_time = at
      }
      task.status = 2
      task.send_time = at
      store.commit()
      return task
    },

    /** The corp's receive rule, as set in 群发助手 → 设置群发规则. */
    setRule(rule: ReceiveRule): void {
      data.rule = rule
      store.commit()
    },

    /** What a customer or group received outside our broadcasts (a member's own 群发), which counts too. */
    receiveElsewhere(recipient: string): { received: number } {
      const at = nowSeconds()
      data.received[recipient] = [...(entryOf(data.received, recipient) ?? []), at]
      store.commit()
      return { received: received(recipient, at) }
    },

    messages: () => Object.values(data.messages).sort((a, b) => b.create_time - a.create_time),
  }
}
