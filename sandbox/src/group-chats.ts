// Customer groups (客户群, WeCom docs 92120, 92122, 92229, 92366, 96359): the groups and their members,
// group live codes (join ways), group welcome templates and the statistics; and what people do in the
// client (create a group, join by QR code or invitation, leave, rename, hand over, dismiss), which fires
// change_external_chat callbacks. API calls fire none, as in WeCom.
import { randomBytes } from 'node:crypto'
import type { CallbackSender, ChatChangeFields, ChatChange } from './callbacks'
import { requireDelivered, SandboxError } from './contacts'
import { checkUserId, describeMember, describePerson, externalUserIdFor } from './directory'
import { entryOf, type Store } from './state'
import {
  ApiError,
  byteLength,
  invalidParameter,
  readInt,
  readObject,
  readString,
  readStringList,
  type Json,
} from './tencent-api'

/** groupchat/get's member: 1 a corp member, 2 an external contact. */
export interface GroupChatMember {
  userid: string
  type: 1 | 2
  unionid?: string
  join_time: number
  /** 1 invited directly, 2 by an invitation link, 3 scanned the group's QR code (the callback says 0 or 3). */
  join_scene: 1 | 2 | 3
  invitor?: { userid: string }
  group_nickname: string
  name: string
  /** The join way's state that brought the member in. */
  state?: string
}

/** 0 normal, 1 owner resigned, 2 being inherited, 3 inherited (groupchat/list's status). */
export const GROUP_CHAT_STATUSES = [0, 1, 2, 3] as const
export type GroupChatStatus = (typeof GROUP_CHAT_STATUSES)[number]

export interface GroupChat {
  chat_id: string
  name: string
  owner: string
  create_time: number
  notice: string
  member_list: GroupChatMember[]
  admin_list: { userid: string }[]
  member_version: string
  status: GroupChatStatus
  /** Who left and when, for the statistics: WeCom keeps the history, groupchat/get does not show it. */
  left: { userid: string; type: 1 | 2; join_time: number; quit_time: number }[]
  /** Unix seconds; a dismissed group is gone from list and get, but still counted up to that day. */
  dismissed_at?: number
}

export interface JoinWay {
  config_id: string
  type: 1
  scene: 1 | 2
  remark: string
  auto_create_room: 0 | 1
  room_base_name: string
  room_base_id: number
  chat_id_list: string[]
  state: string
  create_time: number
}

export interface GroupWelcomeTemplate {
  template_id: string
  text?: { content: string }
  image?: Json
  link?: Json
  miniprogram?: Json
  file?: Json
  video?: Json
}

/** Who joins: a corp member by userid, or a WeChat user `who` (an external contact). */
export type Joiner = { userId: string } | { who: string }
export const JOIN_SCENES = ['invite', 'link', 'qr'] as const
export type JoinScene = (typeof JOIN_SCENES)[number]
const MEMBER_SCENE: Record<JoinScene, 1 | 2 | 3> = { invite: 1, link: 2, qr: 3 }
/** The callback's JoinScene: both kinds of invitation are 0, a scan is 3. */
const CALLBACK_SCENE: Record<JoinScene, number> = { invite: 0, link: 0, qr: 3 }

export interface GroupChatOptions {
  /** How many people a customer group holds (500 in WeCom). */
  maxMembers?: number
  /** How many may join one group through a live code before it moves on to the next (commonly 200) [UNCONFIRMED]. */
  maxScanJoins?: number
  /**
   * A corp whose app sees over 1000 members: groupchat/list and the statistics then need owner_filter
   * (81017), as WeCom's doc says.
   */
  requireOwnerFilter?: boolean
}

const MAX_JOIN_WAY_CHATS = 5
const MAX_TEXT_CHARS = 30
const MAX_ROOM_BASE_NAME_CHARS = 40
const MAX_TEMPLATES = 100
const LIST_MAX_LIMIT = 1000
const STAT_MAX_LIMIT = 1000
const STAT_DEFAULT_LIMIT = 500
const STAT_MAX_DAYS = 30
const STAT_HISTORY_DAYS = 180
const DAY_SECONDS = 86_400
/** WeCom's statistics days are China's calendar days (UTC+8). */
const CHINA_OFFSET_SECONDS = 8 * 3600

const newVersion = () => randomBytes(16).toString('hex')
const newId = (prefix: string, bytes = 16) => `${prefix}${randomBytes(bytes).toString('hex')}`
const toSeconds = (date: Date) => Math.floor(date.getTime() / 1000)
const chinaMidnight = (seconds: number) =>
  Math.floor((seconds + CHINA_OFFSET_SECONDS) / DAY_SECONDS) * DAY_SECONDS - CHINA_OFFSET_SECONDS

export type GroupChats = ReturnType<typeof createGroupChats>

export function createGroupChats(deps: {
  store: Store
  corpId: string
  callbacks: CallbackSender
  now: () => Date
  options?: GroupChatOptions
}) {
  const { store, corpId, callbacks, now } = deps
  const maxMembers = deps.options?.maxMembers ?? 500
  const maxScanJoins = deps.options?.maxScanJoins ?? 200
  const { groupChats: chats, joinWays, groupWelcomeTemplates: templates } = store.data
  const nowSeconds = () => toSeconds(now())

  // ---- The API's side ----

  function chatOf(chatId: string | undefined): GroupChat {
    if (!chatId) throw invalidParameter('missing chat_id')
    const chat = entryOf(chats, chatId)
    if (!chat || chat.dismissed_at !== undefined) throw new ApiError(40050, 'chatid not found')
    return chat
  }

  function joinWayOf(configId: string | undefined): JoinWay {
    if (!configId) throw new ApiError(41043, 'missing config_id')
    const way = entryOf(joinWays, configId)
    if (!way) throw new ApiError(41044, 'invalid config_id')
    return way
  }

  const liveChats = () => Object.values(chats).filter((chat) => chat.dismissed_at === undefined)

  function ownerFilter(body: Json, required: boolean): string[] | undefined {
    const filter = readObject(body, 'owner_filter')
    const owners = filter && readStringList(filter, 'userid_list')
    if (required && (!owners || owners.length === 0)) throw invalidParameter('owner_filter.userid_list is required')
    if (owners && owners.length > 100) throw invalidParameter('owner_filter.userid_list exceeds 100')
    for (const owner of owners ?? []) checkUserId(owner)
    return owners && owners.length > 0 ? owners : undefined
  }

  /** groupchat/list: by creation then id, cursor-paged. */
  function list(body: Json): { group_chat_list: { chat_id: string; status: number }[]; next_cursor: string } {
    const status = readInt(body, 'status_filter') ?? 0
    if (!(GROUP_CHAT_STATUSES as readonly number[]).includes(status)) throw invalidParameter('invalid status_filter')
    const limit = readInt(body, 'limit')
    if (limit === undefined || limit < 1 || limit > LIST_MAX_LIMIT) throw invalidParameter(`limit must be 1–${LIST_MAX_LIMIT}`)
    const owners = ownerFilter(body, false)
    if (!owners && deps.options?.requireOwnerFilter) throw new ApiError(81017, 'owner_filter is required when the visible range exceeds 1000 members')
    const cursor = readString(body, 'cursor')
    const after = cursor ? Buffer.from(cursor, 'base64url').toString() : ''
    const key = (chat: GroupChat) => `${String(chat.create_time).padStart(12, '0')}:${chat.chat_id}`
    const matching = liveChats()
      .filter((chat) => (status === 0 || chat.status === status) && (!owners || owners.includes(chat.owner)))
      .sort((a, b) => (key(a) < key(b) ? -1 : 1))
    const from = after ? matching.filter((chat) => key(chat) <= after).length : 0
    const page = matching.slice(from, from + limit)
    const last = page.at(-1)
    const nextCursor = from + limit < matching.length && last ? Buffer.from(key(last)).toString('base64url') : ''
    return { group_chat_list: page.map((chat) => ({ chat_id: chat.chat_id, status: chat.status })), next_cursor: nextCursor }
  }

  /** groupchat/get. Member names only with need_name=1, as in WeCom. */
  function get(body: Json) {
    const chat = chatOf(readString(body, 'chat_id'))
    const needName = readInt(body, 'need_name') === 1
    const { left: _left, status: _status, dismissed_at: _dismissed, ...shown } = chat
    return {
      group_chat: {
        ...shown,
        member_list: chat.member_list.map(({ name, ...member }) => (needName ? { ...member, name } : member)),
      },
    }
  }

  function readJoinWay(body: Json, base?: JoinWay): JoinWay {
    const scene = readInt(body, 'scene') ?? base?.scene
    if (scene === undefined) throw new ApiError(41038, 'missing scene')
    if (scene !== 1 && scene !== 2) throw new ApiError(41040, 'invalid scene')
    const chatIds = readStringList(body, 'chat_id_list') ?? base?.chat_id_list
    if (!chatIds || chatIds.length === 0) throw invalidParameter('chat_id_list is required')
    if (chatIds.length > MAX_JOIN_WAY_CHATS) throw invalidParameter(`chat_id_list exceeds ${MAX_JOIN_WAY_CHATS}`)
    for (const chatId of chatIds) chatOf(chatId)
    const autoCreate = readInt(body, 'auto_create_room') ?? base?.auto_create_room ?? 1
    if (autoCreate !== 0 && autoCreate !== 1) throw invalidParameter('auto_create_room must be 0 or 1')
    const way: JoinWay = {
      config_id: base?.config_id ?? newId('', 16),
      type: 1,
      scene,
      remark: readString(body, 'remark') ?? base?.remark ?? '',
      auto_create_room: autoCreate,
      room_base_name: readString(body, 'room_base_name') ?? base?.room_base_name ?? '',
      room_base_id: readInt(body, 'room_base_id') ?? base?.room_base_id ?? 1,
      chat_id_list: [...new Set(chatIds)],
      state: readString(body, 'state') ?? base?.state ?? '',
      create_time: base?.create_time ?? nowSeconds(),
    }
    if ([...way.remark].length > MAX_TEXT_CHARS) throw invalidParameter(`remark exceeds ${MAX_TEXT_CHARS} characters`)
    if ([...way.state].length > MAX_TEXT_CHARS) throw invalidParameter(`state exceeds ${MAX_TEXT_CHARS} characters`)
    if ([...way.room_base_name].length > MAX_ROOM_BASE_NAME_CHARS) {
      throw invalidParameter(`room_base_name exceeds ${MAX_ROOM_BASE_NAME_CHARS} characters`)
    }
    if (way.auto_create_room === 1 && !way.room_base_name) throw invalidParameter('room_base_name is required with auto_create_room')
    if (way.room_base_id < 0) throw invalidParameter('invalid room_base_id')
    return way
  }

  function readTemplate(body: Json, templateId: string): GroupWelcomeTemplate {
    const template: GroupWelcomeTemplate = { template_id: templateId }
    const text = readObject(body, 'text')
    if (text) {
      const content = readString(text, 'content') ?? ''
      if (byteLength(content) > 4000) throw new ApiError(45002, 'text.content exceeds 4000 bytes')
      template.text = { content }
    }
    // One attachment; when several are sent WeCom keeps the first in this order.
    for (const kind of ['image', 'link', 'miniprogram', 'file', 'video'] as const) {
      const attachment = readObject(body, kind)
      if (!attachment) continue
      const limits: Record<string, [string, number][]> = { link: [['title', 128], ['desc', 512]], miniprogram: [['title', 64]] }
      for (const [field, max] of limits[kind] ?? []) {
        const value = readString(attachment, field)
        if (value !== undefined && byteLength(value) > max) throw new ApiError(45002, `${kind}.${field} exceeds ${max} bytes`)
      }
      template[kind] = attachment
      break
    }
    if (!template.text?.content && Object.keys(template).length === 1) throw invalidParameter('text or an attachment is required')
    return template
  }

  /** Every day from day_begin_time to day_end_time, with WeCom's date rules (600018 for a bad range). */
  function statisticDays(body: Json): number[] {
    const begin = readInt(body, 'day_begin_time')
    if (begin === undefined) throw invalidParameter('missing day_begin_time')
    const end = readInt(body, 'day_end_time') ?? begin
    const today = chinaMidnight(nowSeconds())
    const badRange =
      begin !== chinaMidnight(begin) ||
      end !== chinaMidnight(end) ||
      end < begin ||
      end >= today ||
      begin < today - STAT_HISTORY_DAYS * DAY_SECONDS ||
      (end - begin) / DAY_SECONDS + 1 > STAT_MAX_DAYS
    if (badRange) throw new ApiError(600018, 'invalid start or end time')
    const days: number[] = []
    for (let day = begin; day <= end; day += DAY_SECONDS) days.push(day)
    return days
  }

  /** One day's figures for these owners' groups. WeCom counts messages too; the sandbox has none. */
  function dayFigures(owners: string[], day: number) {
    const dayEnd = day + DAY_SECONDS
    const ownChats = Object.values(chats).filter((chat) => owners.includes(chat.owner) && chat.create_time < dayEnd)
    const standing = ownChats.filter((chat) => chat.dismissed_at === undefined || chat.dismissed_at >= dayEnd)
    const spans = standing.flatMap((chat) => [
      ...chat.member_list.map((member) => ({ join: member.join_time, quit: Infinity })),
      ...chat.left.map((member) => ({ join: member.join_time, quit: member.quit_time })),
    ])
    return {
      new_chat_cnt: ownChats.filter((chat) => chat.create_time >= day).length,
      chat_total: standing.length,
      chat_has_msg: 0,
      new_member_cnt: spans.filter((span) => span.join >= day && span.join < dayEnd).length,
      member_total: spans.filter((span) => span.join < dayEnd && span.quit >= dayEnd).length,
      member_has_msg: 0,
      msg_total: 0,
      migrate_trainee_chat_cnt: 0,
    }
  }

  type Figures = ReturnType<typeof dayFigures>
  const addFigures = (a: Figures, b: Figures): Figures =>
    Object.fromEntries(Object.entries(a).map(([key, value]) => [key, value + b[key as keyof Figures]])) as Figures

  // ---- The client's side: what people do, and the callbacks it fires ----

  async function notify(change: ChatChange, fields: Omit<ChatChangeFields, 'CreateTime'> & { CreateTime?: number }, send: boolean) {
    if (!send) return
    requireDelivered(await callbacks.sendChatChange(change, { CreateTime: nowSeconds(), ...fields }))
  }

  function memberFrom(joiner: Joiner, at: number, scene: 1 | 2 | 3, invitor?: string, state?: string): GroupChatMember {
    const base = { join_time: at, join_scene: scene, group_nickname: '', ...(invitor ? { invitor: { userid: invitor } } : {}) }
    const withState = state ? { state } : {}
    if ('userId' in joiner) {
      return { userid: checkUserId(joiner.userId), type: 1, name: describeMember(joiner.userId).name, ...base, ...withState }
    }
    const person = describePerson(joiner.who)
    const userid = externalUserIdFor(corpId, joiner.who)
    // The same WeChat user as a contact of the corp shows the same name in the group.
    const name = entryOf(store.data.contacts, userid)?.name ?? person.name
    return { userid, type: 2, unionid: person.unionid, name, ...base, ...withState }
  }

  function controlChatOf(chatId: string): GroupChat {
    const chat = entryOf(chats, chatId)
    if (!chat || chat.dismissed_at !== undefined) throw new SandboxError(404, 'GROUP_NOT_FOUND', `no customer group ${chatId}`)
    return chat
  }

  function createChat(input: { owner: string; name?: string; at: number }): GroupChat {
    const owner = checkUserId(input.owner)
    const chat: GroupChat = {
      chat_id: newId('wr', 15),
      name: input.name ?? '',
      owner,
      create_time: input.at,
      notice: '',
      member_list: [{ userid: owner, type: 1, join_time: input.at, join_scene: 1, group_nickname: '', name: describeMember(owner).name }],
      admin_list: [],
      member_version: newVersion(),
      status: 0,
      left: [],
    }
    chats[chat.chat_id] = chat
    return chat
  }

  /** Adds people to a group and bumps its member version; the callback names who joined. */
  async function addMembers(
    chat: GroupChat,
    input: { members: Joiner[]; scene: JoinScene; invitor?: string; state?: string; at: number; notify: boolean },
  ): Promise<string[]> {
    const joined = input.members
      .map((joiner) => memberFrom(joiner, input.at, MEMBER_SCENE[input.scene], input.invitor ?? (input.scene === 'qr' ? undefined : chat.owner), input.state))
      .filter((member, index, all) => all.findIndex((other) => other.userid === member.userid) === index)
    const present = joined.filter((member) => chat.member_list.some((existing) => existing.userid === member.userid))
    if (present.length > 0) throw new SandboxError(409, 'ALREADY_IN_GROUP', `${present.map((m) => m.userid).join(', ')} already in the group`)
    if (chat.member_list.length + joined.length > maxMembers) throw new SandboxError(409, 'GROUP_FULL', `a group holds ${maxMembers} people`)
    chat.member_list.push(...joined)
    const last = chat.member_version
    chat.member_version = newVersion()
    store.commit()
    const ids = joined.map((member) => member.userid)
    await notify(
      'update',
      {
        ChatId: chat.chat_id,
        CreateTime: input.at,
        UpdateDetail: 'add_member',
        JoinScene: CALLBACK_SCENE[input.scene],
        MemChangeList: ids,
        LastMemVer: last,
        CurMemVer: chat.member_version,
      },
      input.notify,
    )
    return ids
  }

  /** The group of a live code a scanner lands in: the first with room, else a new one when the code may create it. */
  function roomFor(way: JoinWay, at: number): { chat: GroupChat; created: boolean } {
    const scanJoins = (chat: GroupChat) => chat.member_list.filter((member) => member.state === way.state && member.join_scene === 3).length
    const open = way.chat_id_list
      .map((chatId) => entryOf(chats, chatId))
      .find((chat) => chat && chat.dismissed_at === undefined && chat.member_list.length < maxMembers && scanJoins(chat) < maxScanJoins)
    if (open) return { chat: open, created: false }
    const first = way.chat_id_list.map((chatId) => entryOf(chats, chatId)).find((chat) => chat !== undefined)
    if (way.auto_create_room !== 1 || !first) throw new SandboxError(409, 'ALL_GROUPS_FULL', 'every group of this code is full')
    const chat = createChat({ owner: first.owner, name: `${way.room_base_name}${way.room_base_id}`, at })
    way.room_base_id++
    // The new group takes the place of a full one, so the code keeps at most five.
    if (way.chat_id_list.length >= MAX_JOIN_WAY_CHATS) way.chat_id_list.shift()
    way.chat_id_list.push(chat.chat_id)
    return { chat, created: true }
  }

  return {
    // API
    list,
    get,
    /** For the inheritance endpoints: the live group, or 40050. */
    chatOf,
    /** The groups a member owns, live ones only. */
    ownedBy: (userid: string) => liveChats().filter((chat) => chat.owner === userid),
    /**
     * Hands a group to another owner as groupchat/transfer does: no callback (an API call), a new member
     * version when the new owner was not in the group.
     */
    setOwner(chat: GroupChat, owner: string, status: GroupChatStatus = chat.status): void {
      chat.owner = checkUserId(owner)
      chat.status = status
      if (!chat.member_list.some((member) => member.userid === owner)) {
        chat.member_list.push(memberFrom({ userId: owner }, nowSeconds(), 1, undefined))
        chat.member_version = newVersion()
      }
      store.commit()
    },
    /** Marks a group's status (1 owner resigned, 2 being inherited, 3 inherited). */
    setStatus(chat: GroupChat, status: GroupChatStatus): void {
      chat.status = status
      store.commit()
    },

    addJoinWay(body: Json): JoinWay {
      const way = readJoinWay(body)
      joinWays[way.config_id] = way
      store.commit()
      return way
    },
    getJoinWay: (configId: string | undefined) => joinWayOf(configId),
    /** update_join_way overwrites the whole configuration. */
    updateJoinWay(body: Json): void {
      const base = joinWayOf(readString(body, 'config_id'))
      joinWays[base.config_id] = readJoinWay(body, { ...base, remark: '', state: '', room_base_name: '', chat_id_list: [] })
      store.commit()
    },
    deleteJoinWay(configId: string | undefined): void {
      delete joinWays[joinWayOf(configId).config_id]
      store.commit()
    },
    joinWayExists: (configId: string) => entryOf(joinWays, configId) !== undefined,

    addTemplate(body: Json): string {
      if (Object.keys(templates).length >= MAX_TEMPLATES) throw new ApiError(41055, 'group welcome template count reached the limit')
      const template = readTemplate(body, newId('msg', 12))
      templates[template.template_id] = template
      store.commit()
      return template.template_id
    },
    editTemplate(body: Json): void {
      const templateId = readString(body, 'template_id')
      if (!templateId || !entryOf(templates, templateId)) throw invalidParameter('invalid template_id')
      templates[templateId] = readTemplate(body, templateId)
      store.commit()
    },
    getTemplate(templateId: string | undefined): GroupWelcomeTemplate {
      const template = templateId ? entryOf(templates, templateId) : undefined
      if (!template) throw invalidParameter('invalid template_id')
      return template
    },
    deleteTemplate(templateId: string | undefined): void {
      if (!templateId || !entryOf(templates, templateId)) throw invalidParameter('invalid template_id')
      delete templates[templateId]
      store.commit()
    },

    /** groupchat/statistic: per owner over the range, summed. */
    statisticByOwner(body: Json) {
      const days = statisticDays(body)
      const owners = ownerFilter(body, true) as string[]
      const orderBy = readInt(body, 'order_by') ?? 1
      if (![1, 2, 3, 4].includes(orderBy)) throw invalidParameter('invalid order_by')
      const ascending = readInt(body, 'order_asc') === 1
      const offset = readInt(body, 'offset') ?? 0
      const limit = readInt(body, 'limit') ?? STAT_DEFAULT_LIMIT
      if (offset < 0 || limit < 1 || limit > STAT_MAX_LIMIT) throw invalidParameter('invalid offset or limit')
      const field = (['new_chat_cnt', 'chat_total', 'new_member_cnt', 'member_total'] as const)[orderBy - 1] as keyof Figures
      const lastDay = days.at(-1) as number
      const items = owners.map((owner) => {
        const summed = days.map((day) => dayFigures([owner], day)).reduce(addFigures)
        // Totals are "as of the day": the range's last day, not a sum.
        const asOf = dayFigures([owner], lastDay)
        return { owner, data: { ...summed, chat_total: asOf.chat_total, member_total: asOf.member_total, chat_has_msg: 0, member_has_msg: 0 } }
      })
      items.sort((a, b) => (ascending ? a.data[field] - b.data[field] : b.data[field] - a.data[field]))
      const page = items.slice(offset, offset + limit)
      return { total: items.length, next_offset: offset + page.length < items.length ? offset + page.length : 0, items: page }
    },

    /** groupchat/statistic_group_by_day: these owners' groups together, one item per day. */
    statisticByDay(body: Json) {
      const days = statisticDays(body)
      const owners = ownerFilter(body, true) as string[]
      return { items: days.map((day) => ({ stat_time: day, data: dayFigures(owners, day) })) }
    },

    // Control: the client's side
    async create(input: { owner: string; name?: string; members?: Joiner[]; at?: number; notify?: boolean }) {
      const at = input.at ?? nowSeconds()
      const chat = createChat({ owner: input.owner, name: input.name, at })
      // The people the owner picked when creating the group are in it from the start: one version, one event.
      if (input.members?.length) {
        chat.member_list.push(...input.members.map((joiner) => memberFrom(joiner, at, 1, chat.owner)))
      }
      store.commit()
      await notify('create', { ChatId: chat.chat_id, CreateTime: at }, input.notify ?? true)
      return chat
    },

    async join(chatId: string, input: { members: Joiner[]; scene: JoinScene; invitor?: string; at?: number; notify?: boolean }) {
      const chat = controlChatOf(chatId)
      const memberIds = await addMembers(chat, { ...input, at: input.at ?? nowSeconds(), notify: input.notify ?? true })
      return { chatId: chat.chat_id, memberIds, memberVersion: chat.member_version }
    },

    /** A WeChat user scans a group live code: lands in its first group with room, or a new one. */
    async scan(configId: string, input: { who: string; at?: number; notify?: boolean }) {
      const way = entryOf(joinWays, configId)
      if (!way) throw new SandboxError(404, 'JOIN_WAY_NOT_FOUND', `no group live code ${configId}`)
      const at = input.at ?? nowSeconds()
      const send = input.notify ?? true
      const { chat, created } = roomFor(way, at)
      store.commit()
      if (created) await notify('create', { ChatId: chat.chat_id, CreateTime: at }, send)
      const memberIds = await addMembers(chat, { members: [{ who: input.who }], scene: 'qr', state: way.state || undefined, at, notify: send })
      return { chatId: chat.chat_id, created, externalUserId: memberIds[0] as string, memberVersion: chat.member_version }
    },

    async leave(chatId: string, input: { memberId: string; by: 'self' | 'owner'; at?: number; notify?: boolean }) {
      const chat = controlChatOf(chatId)
      const index = chat.member_list.findIndex((member) => member.userid === input.memberId)
      if (index < 0) throw new SandboxError(404, 'NOT_IN_GROUP', `${input.memberId} is not in the group`)
      if (input.memberId === chat.owner) throw new SandboxError(409, 'OWNER_CANNOT_LEAVE', 'the owner hands the group over before leaving')
      const at = input.at ?? nowSeconds()
      const [member] = chat.member_list.splice(index, 1)
      if (member) chat.left.push({ userid: member.userid, type: member.type, join_time: member.join_time, quit_time: at })
      const last = chat.member_version
      chat.member_version = newVersion()
      store.commit()
      await notify(
        'update',
        {
          ChatId: chat.chat_id,
          CreateTime: at,
          UpdateDetail: 'del_member',
          QuitScene: input.by === 'self' ? 0 : 1,
          MemChangeList: [input.memberId],
          LastMemVer: last,
          CurMemVer: chat.member_version,
        },
        input.notify ?? true,
      )
      return { memberVersion: chat.member_version }
    },

    /** Renames the group, or the owner hands it to a corp member in the group (change_owner). */
    async change(chatId: string, input: { name?: string; owner?: string; notice?: string; at?: number; notify?: boolean }) {
      const chat = controlChatOf(chatId)
      const at = input.at ?? nowSeconds()
      const send = input.notify ?? true
      if (input.owner !== undefined && input.owner !== chat.owner) {
        const next = chat.member_list.find((member) => member.userid === input.owner && member.type === 1)
        if (!next) throw new SandboxError(409, 'NOT_A_MEMBER', 'the new owner must be a corp member in the group')
        chat.owner = next.userid
        store.commit()
        await notify('update', { ChatId: chat.chat_id, CreateTime: at, UpdateDetail: 'change_owner' }, send)
      }
      if (input.name !== undefined && input.name !== chat.name) {
        chat.name = input.name
        store.commit()
        await notify('update', { ChatId: chat.chat_id, CreateTime: at, UpdateDetail: 'change_name' }, send)
      }
      if (input.notice !== undefined && input.notice !== chat.notice) {
        chat.notice = input.notice
        store.commit()
        await notify('update', { ChatId: chat.chat_id, CreateTime: at, UpdateDetail: 'change_notice' }, send)
      }
    },

    async dismiss(chatId: string, input: { at?: number; notify?: boolean } = {}) {
      const chat = controlChatOf(chatId)
      const at = input.at ?? nowSeconds()
      chat.dismissed_at = at
      for (const way of Object.values(joinWays)) way.chat_id_list = way.chat_id_list.filter((id) => id !== chat.chat_id)
      store.commit()
      await notify('dismiss', { ChatId: chat.chat_id, CreateTime: at }, input.notify ?? true)
    },
  }
}
