// 「联系我」 contact ways (WeCom doc 92572): their rules, their list, and which member a customer who
// scans one is assigned to.
import { randomBytes } from 'node:crypto'
import { checkUserId } from './directory'
import { entryOf, type ContactWay, type Store } from './state'
import {
  ApiError,
  byteLength,
  invalidParameter,
  readBool,
  readInt,
  readIntList,
  readObject,
  readString,
  readStringList,
  type Json,
} from './tencent-api'

const TYPES = [1, 2] as const // single member, several members
const SCENES = [1, 2] as const // mini-program button, QR code
const MAX_MEMBERS = 100
const MAX_WAYS = 500_000
const MAX_TEXT_CHARS = 30
const DAY_SECONDS = 86_400
const MAX_TEMP_SECONDS = 14 * DAY_SECONDS
const LIST_DEFAULT_DAYS = 90
const LIST_DEFAULT_LIMIT = 100
const LIST_MAX_LIMIT = 1000

const nowSeconds = () => Math.floor(Date.now() / 1000)

/** The fields add_contact_way and update_contact_way both accept; absent ones stay unset. */
function readEditable(body: Json): Partial<ContactWay> {
  const fields: Partial<ContactWay> = {
    style: readInt(body, 'style'),
    remark: readString(body, 'remark'),
    skip_verify: readBool(body, 'skip_verify'),
    state: readString(body, 'state'),
    user: readStringList(body, 'user'),
    party: readIntList(body, 'party'),
    expires_in: readInt(body, 'expires_in'),
    chat_expires_in: readInt(body, 'chat_expires_in'),
    unionid: readString(body, 'unionid'),
    conclusions: readObject(body, 'conclusions'),
  }
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined))
}

function checkConclusions(conclusions: Json): void {
  const text = readObject(conclusions, 'text')
  const link = readObject(conclusions, 'link')
  const miniprogram = readObject(conclusions, 'miniprogram')
  const limits: [string | undefined, number, string][] = [
    [text && readString(text, 'content'), 4000, 'conclusions.text.content'],
    [link && readString(link, 'title'), 128, 'conclusions.link.title'],
    [link && readString(link, 'desc'), 512, 'conclusions.link.desc'],
    [miniprogram && readString(miniprogram, 'title'), 64, 'conclusions.miniprogram.title'],
  ]
  for (const [value, max, name] of limits) {
    if (value !== undefined && byteLength(value) > max) throw new ApiError(45002, `${name} exceeds ${max} bytes`)
  }
}

/** The rules a contact way must satisfy after add or update. */
function checkWay(way: ContactWay): void {
  if (way.style !== undefined && way.style < 1) throw new ApiError(41042, 'invalid style')
  if ([...way.remark].length > MAX_TEXT_CHARS) throw invalidParameter(`remark exceeds ${MAX_TEXT_CHARS} characters`)
  if ([...way.state].length > MAX_TEXT_CHARS) throw invalidParameter(`state exceeds ${MAX_TEXT_CHARS} characters`)
  for (const userid of way.user) checkUserId(userid)
  if (way.user.length > MAX_MEMBERS) throw new ApiError(41041, `more than ${MAX_MEMBERS} members`)
  if (way.type === 1 && (way.user.length !== 1 || way.party.length > 0)) {
    throw invalidParameter('type 1 needs exactly one user and no party')
  }
  if (way.type === 2 && way.user.length + way.party.length === 0) {
    throw invalidParameter('type 2 needs a user or a party')
  }
  if (way.is_temp && way.type !== 1) throw invalidParameter('is_temp needs type 1')
  for (const [name, value] of [
    ['expires_in', way.expires_in],
    ['chat_expires_in', way.chat_expires_in],
  ] as const) {
    if (value !== undefined && (value <= 0 || value > MAX_TEMP_SECONDS)) throw invalidParameter(`invalid ${name}`)
  }
  if (way.conclusions) checkConclusions(way.conclusions)
}

// Creation time then id orders the list; both fit one string key while Unix seconds have 10 digits.
const sortKey = (way: ContactWay) => `${way.create_time}:${way.config_id}`
const byCreation = (a: ContactWay, b: ContactWay) => (sortKey(a) < sortKey(b) ? -1 : 1)

export type ContactWays = ReturnType<typeof createContactWays>

export function createContactWays(store: Store) {
  const ways = store.data.contactWays

  function find(configId: string | undefined): ContactWay {
    if (!configId) throw new ApiError(41043, 'missing config_id')
    const way = entryOf(ways, configId)
    if (!way) throw new ApiError(41044, 'invalid config_id')
    return way
  }

  return {
    find,
    exists: (configId: string): boolean => entryOf(ways, configId) !== undefined,

    add(body: Json): ContactWay {
      const type = readInt(body, 'type')
      const scene = readInt(body, 'scene')
      if (type === undefined) throw new ApiError(41037, 'missing type')
      if (scene === undefined) throw new ApiError(41038, 'missing scene')
      if (!(TYPES as readonly number[]).includes(type)) throw new ApiError(41039, 'invalid type')
      if (!(SCENES as readonly number[]).includes(scene)) throw new ApiError(41040, 'invalid scene')
      const isTemp = readBool(body, 'is_temp') ?? false
      const way: ContactWay = {
        config_id: randomBytes(16).toString('hex'),
        type,
        scene,
        remark: '',
        skip_verify: true,
        state: '',
        user: [],
        party: [],
        is_temp: isTemp,
        // Temporary ways default to a QR valid 7 days and a chat valid 24 h after adding.
        ...(isTemp ? { expires_in: 7 * DAY_SECONDS, chat_expires_in: DAY_SECONDS } : {}),
        ...readEditable(body),
        create_time: nowSeconds(),
        assigned: 0,
      }
      checkWay(way)
      const permanent = Object.values(ways).filter((existing) => !existing.is_temp).length
      if (!way.is_temp && permanent >= MAX_WAYS) throw new ApiError(41045, 'contact way quota reached')
      ways[way.config_id] = way
      store.commit()
      return way
    },

    update(body: Json): void {
      const way = find(readString(body, 'config_id'))
      if (way.is_temp && way.expires_in !== undefined && way.create_time + way.expires_in < nowSeconds()) {
        throw invalidParameter('temporary contact way has expired')
      }
      // user and party lists replace the old ones; validate the result before keeping it.
      const updated = { ...way, ...readEditable(body) }
      checkWay(updated)
      ways[way.config_id] = updated
      store.commit()
    },

    remove(configId: string | undefined): void {
      delete ways[find(configId).config_id]
      store.commit()
    },

    /** Permanent ways created in [start_time, end_time] (default the last 90 days), oldest first. */
    list(body: Json): { ids: string[]; nextCursor: string } {
      const end = readInt(body, 'end_time') ?? nowSeconds()
      const start = readInt(body, 'start_time') ?? end - LIST_DEFAULT_DAYS * DAY_SECONDS
      const limit = readInt(body, 'limit') ?? LIST_DEFAULT_LIMIT
      if (limit < 1 || limit > LIST_MAX_LIMIT) throw invalidParameter(`limit must be 1–${LIST_MAX_LIMIT}`)
      const cursor = readString(body, 'cursor')
      const after = cursor ? Buffer.from(cursor, 'base64url').toString() : ''
      const matching = Object.values(ways)
        .filter((way) => !way.is_temp && way.create_time >= start && way.create_time <= end)
        .sort(byCreation)
      const from = after ? matching.findIndex((way) => sortKey(way) > after) : 0
      const page = from < 0 ? [] : matching.slice(from, from + limit)
      const last = page.at(-1)
      const more = from >= 0 && from + limit < matching.length
      const nextCursor = more && last ? Buffer.from(sortKey(last)).toString('base64url') : ''
      return { ids: page.map((way) => way.config_id), nextCursor }
    },

    /**
     * The member a customer scanning the way with this state is assigned to: the newest such way's
     * current members in turn, as WeCom spreads customers across a multi-member code.
     */
    assignMember(state: string): { userId: string | undefined } | undefined {
      const way = Object.values(ways)
        .filter((candidate) => candidate.state === state)
        .sort(byCreation)
        .at(-1)
      if (!way) return undefined
      const userId = way.user[way.assigned % Math.max(way.user.length, 1)]
      way.assigned++
      store.commit()
      return { userId }
    },
  }
}
