// What the sandbox remembers across restarts: external contacts, contact ways and corp tags. Records use
// Tencent's wire field names where one exists, so routes answer without mapping. Written as JSON after
// every change, through a temporary file and a rename so a crash never leaves half a file behind.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { GroupChat, GroupWelcomeTemplate, JoinWay } from './group-chats'
import type { GroupMessageData } from './group-messages'
import type { MomentData } from './moments'
import type { TransferData } from './transfers'

export interface Follow {
  userid: string
  remark: string
  description: string
  createtime: number
  tag_ids: string[]
  state?: string
  oper_userid: string
  add_way: number
}

export interface ExternalContact {
  external_userid: string
  who: string
  name: string
  gender: 1 | 2
  unionid: string
  /** Current followers only: a relation that ended is removed. */
  follow_user: Follow[]
}

export interface ContactWay {
  config_id: string
  type: number
  scene: number
  style?: number
  remark: string
  skip_verify: boolean
  state: string
  user: string[]
  party: number[]
  is_temp: boolean
  expires_in?: number
  chat_expires_in?: number
  unionid?: string
  conclusions?: Record<string, unknown>
  /** Unix seconds; list_contact_way filters on it. */
  create_time: number
  /** Round-robin position for assigning the next customer to one of `user`. */
  assigned: number
}

export interface CorpTag {
  id: string
  name: string
  create_time: number
  order: number
  deleted: boolean
}

export interface TagGroup {
  group_id: string
  group_name: string
  create_time: number
  order: number
  deleted: boolean
  tag: CorpTag[]
}

export interface SandboxData {
  contacts: Record<string, ExternalContact>
  contactWays: Record<string, ContactWay>
  tagGroups: TagGroup[]
  /** Customer groups, their join ways (group live codes) and group welcome templates: see group-chats.ts. */
  groupChats: Record<string, GroupChat>
  joinWays: Record<string, JoinWay>
  groupWelcomeTemplates: Record<string, GroupWelcomeTemplate>
  /** Transfers, resigned members and capacities: see transfers.ts. */
  transfers: TransferData
  /** Customer broadcasts, what each recipient received, and the corp's receive rule: see group-messages.ts. */
  groupMessages: GroupMessageData
  /** Customer moments, their creation jobs and moment attachments: see moments.ts. */
  moments: MomentData
}

export interface Store {
  readonly data: SandboxData
  /** Call after every change. */
  commit(): void
}

const empty = (): SandboxData => ({
  contacts: {},
  contactWays: {},
  tagGroups: [],
  groupChats: {},
  joinWays: {},
  groupWelcomeTemplates: {},
  transfers: { records: [], resigned: {}, capacity: {}, groups: [] },
  groupMessages: { messages: {}, received: {}, rule: 'month_days' },
  moments: { moments: {}, jobs: {}, attachments: {} },
})

function load(path: string): SandboxData {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return empty()
    throw error
  }
  // A corrupt file stops the sandbox rather than silently starting empty and then overwriting it.
  return { ...empty(), ...(JSON.parse(text) as Partial<SandboxData>) }
}

/** In memory only when `path` is null. */
export function openStore(path: string | null): Store {
  const data = path ? load(path) : empty()
  return {
    data,
    commit() {
      if (!path) return
      mkdirSync(dirname(path), { recursive: true })
      const temporary = `${path}.${process.pid}.tmp`
      writeFileSync(temporary, JSON.stringify(data))
      renameSync(temporary, path)
    },
  }
}

/** A record's own entry: ids come from requests, and `constructor` must not find Object's. */
export function entryOf<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined
}
