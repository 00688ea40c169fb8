// Corp customer tags (WeCom doc 92117). Deleted tags and groups are kept, flagged, because
// get_corp_tag_list by id still reports them with `deleted: true`.
import { randomBytes } from 'node:crypto'
import type { CorpTag, Store, TagGroup } from './state'
import {
  ApiError,
  invalidParameter,
  readInt,
  readList,
  readString,
  readStringList,
  type Json,
} from './tencent-api'

const MAX_NAME_CHARS = 30
const MAX_TAGS = 3000
const MAX_ORDER = 2 ** 32

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** `et` + 30 characters, the shape of WeCom's corp tag and tag group ids. */
function newId(): string {
  return `et${[...randomBytes(30)].map((byte) => BASE62[byte % 62]).join('')}`
}

const nowSeconds = () => Math.floor(Date.now() / 1000)

function checkName(name: string | undefined, what: string): string {
  if (!name || [...name].length > MAX_NAME_CHARS) {
    throw invalidParameter(`${what} must be 1–${MAX_NAME_CHARS} characters`)
  }
  return name
}

function checkOrder(order: number | undefined): number | undefined {
  if (order !== undefined && (order < 0 || order >= MAX_ORDER)) throw invalidParameter('order must be in [0, 2^32)')
  return order
}

// Larger order first, then oldest first.
const byOrder = <T extends { order: number; create_time: number }>(a: T, b: T) =>
  b.order - a.order || a.create_time - b.create_time

type TagView = Omit<CorpTag, 'deleted'> & { deleted?: boolean }
type GroupView = Omit<TagGroup, 'deleted' | 'tag'> & { deleted?: boolean; tag: TagView[] }

/** The wire shape; `deleted` only appears when the caller asked by id, as WeCom does. */
function view(group: TagGroup, tags: CorpTag[], withDeleted: boolean): GroupView {
  const strip = <T extends { deleted: boolean }>({ deleted, ...rest }: T) => (withDeleted ? { ...rest, deleted } : rest)
  return { ...strip(group), tag: [...tags].sort(byOrder).map(strip) }
}

export type CorpTags = ReturnType<typeof createCorpTags>

export function createCorpTags(store: Store) {
  const groups = store.data.tagGroups
  const live = () => groups.filter((group) => !group.deleted)

  /** A live tag with its group, or undefined. */
  function findTag(id: string): { group: TagGroup; tag: CorpTag } | undefined {
    for (const group of live()) {
      const tag = group.tag.find((candidate) => candidate.id === id && !candidate.deleted)
      if (tag) return { group, tag }
    }
    return undefined
  }

  const findGroup = (id: string) => live().find((group) => group.group_id === id)

  return {
    findTag,

    /** Whether a live id is a tag or a tag group; undefined when it is neither. */
    kindOf(id: string): 'tag' | 'tag_group' | undefined {
      if (findGroup(id)) return 'tag_group'
      return findTag(id) ? 'tag' : undefined
    },

    groupNamed: (name: string) => live().find((group) => group.group_name === name),

    list(body: Json): GroupView[] {
      const tagIds = readStringList(body, 'tag_id') ?? []
      const groupIds = readStringList(body, 'group_id') ?? []
      const sorted = [...groups].sort(byOrder)
      if (groupIds.length > 0) {
        return sorted.filter((group) => groupIds.includes(group.group_id)).map((group) => view(group, group.tag, true))
      }
      if (tagIds.length > 0) {
        return sorted
          .map((group) => view(group, group.tag.filter((tag) => tagIds.includes(tag.id)), true))
          .filter((group) => group.tag.length > 0)
      }
      return sorted
        .filter((group) => !group.deleted)
        .map((group) => view(group, group.tag.filter((tag) => !tag.deleted), false))
    },

    add(body: Json): GroupView {
      const requested = (readList(body, 'tag') ?? []).map((item) => {
        if (typeof item !== 'object' || item === null) throw invalidParameter('tag items must be objects')
        const tag = item as Json
        return { name: checkName(readString(tag, 'name'), 'tag name'), order: checkOrder(readInt(tag, 'order')) ?? 0 }
      })
      if (requested.length === 0) throw invalidParameter('tag list is empty')

      const groupId = readString(body, 'group_id')
      const now = nowSeconds()
      let group: TagGroup | undefined
      if (groupId) {
        group = findGroup(groupId)
        if (!group) throw new ApiError(40068, 'invalid tagid')
      } else {
        const groupName = checkName(readString(body, 'group_name'), 'group_name')
        group = live().find((existing) => existing.group_name === groupName)
        if (!group) {
          const order = checkOrder(readInt(body, 'order')) ?? 0
          group = { group_id: newId(), group_name: groupName, create_time: now, order, deleted: false, tag: [] }
        }
      }

      // A name already in the group, or repeated in the request, collapses into one tag.
      const target = group
      const existing = (name: string) => target.tag.find((tag) => tag.name === name && !tag.deleted)
      const fresh = [...new Map(requested.map((tag) => [tag.name, tag])).values()].filter((tag) => !existing(tag.name))
      const tagCount = live().reduce((count, each) => count + each.tag.filter((tag) => !tag.deleted).length, 0)
      if (tagCount + fresh.length > MAX_TAGS) throw new ApiError(40126, `corp tags exceed ${MAX_TAGS}`)

      for (const tag of fresh) target.tag.push({ id: newId(), ...tag, create_time: now, deleted: false })
      if (!groups.includes(target)) groups.push(target)
      store.commit()
      const names = new Set(requested.map((tag) => tag.name))
      return view(
        target,
        target.tag.filter((tag) => !tag.deleted && names.has(tag.name)),
        false,
      )
    },

    edit(body: Json): void {
      const id = readString(body, 'id')
      if (!id) throw invalidParameter('missing id')
      const name = readString(body, 'name')
      const order = checkOrder(readInt(body, 'order'))
      if (name !== undefined) checkName(name, 'name')
      const group = findGroup(id)
      if (group) {
        if (name !== undefined && live().some((other) => other !== group && other.group_name === name)) {
          throw new ApiError(40071, 'tag name already exists')
        }
        group.group_name = name ?? group.group_name
        group.order = order ?? group.order
      } else {
        const found = findTag(id)
        if (!found) throw new ApiError(40068, 'invalid tagid')
        const { group: owner, tag } = found
        if (name !== undefined && owner.tag.some((other) => other !== tag && !other.deleted && other.name === name)) {
          throw new ApiError(40071, 'tag name already exists')
        }
        tag.name = name ?? tag.name
        tag.order = order ?? tag.order
      }
      store.commit()
    },

    /** Deletes tags and whole groups; a group left without live tags goes too. All ids must be live. */
    remove(body: Json): void {
      const tagIds = readStringList(body, 'tag_id') ?? []
      const groupIds = readStringList(body, 'group_id') ?? []
      if (tagIds.length + groupIds.length === 0) throw invalidParameter('tag_id and group_id are both empty')
      const tags = tagIds.map((id) => findTag(id))
      const targets = groupIds.map((id) => findGroup(id))
      if (tags.includes(undefined) || targets.includes(undefined)) throw new ApiError(40068, 'invalid tagid')
      for (const found of tags) if (found) found.tag.deleted = true
      for (const group of targets) if (group) group.tag.forEach((tag) => (tag.deleted = true))
      for (const group of live()) if (group.tag.every((tag) => tag.deleted)) group.deleted = true
      store.commit()
    },
  }
}
