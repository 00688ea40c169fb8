import fp from 'fastify-plugin'
import { and, eq, inArray, notInArray, sql } from 'drizzle-orm'
import type { Tag, TagGroupList, TagPickerList, UpdateCustomerTagsRequest, UpdateTagGroupRequest } from '@liuliang/shared'
import type { CorpTagGroup, FollowUser, WecomClient } from '../clients/wecom-client'
import { first, prepared, rowsChanged, type DbOrTx, type Tx } from '../db'
import { customerFollows, customers, customerTags, liveCodeTags, staff, tagGroups, tagRules, tags } from '../db/schema'
import { badRequest, conflict, notFound } from '../errors'
import { serviceDeps, type ServiceDeps } from '../services'
import { recordTimelineEvent } from '../timeline/record'
import { addToGroup } from '../grouping'

const tagColumns = { id: tags.id, groupId: tags.groupId, groupName: tagGroups.name, name: tags.name }
const tagRowColumns = { ...tagColumns, wecomTagId: tags.wecomTagId, exclusive: tagGroups.exclusive }

/** A tag with what marking it needs: its WeCom id and whether its group is exclusive. */
export type TagRow = Tag & { wecomTagId: string; exclusive: boolean }

/** Who changed a customer's tags: a guide in the sidebar, a live code, a rule, or a guide in WeCom's client. */
export type TagSource = 'guide' | 'live_code' | 'rule' | 'wecom'

/** A WeCom follow to mark tags on: mark_tag acts as one guide on one customer. */
export interface MarkTarget {
  staffUserId: string
  externalUserId: string
}

/** change_external_tag (WeCom doc 92130): what changed, and for create/update what WeCom now holds. */
export interface CorpTagChange {
  changeType: string
  id: string
  tagType: string
}

const strip = ({ wecomTagId: _wecom, exclusive: _exclusive, ...tag }: TagRow): Tag => tag
const idsOf = (rows: { id: number }[]) => rows.map((row) => row.id)

function tagsWhere(tx: DbOrTx, condition: ReturnType<typeof eq>): Promise<TagRow[]> {
  return tx.select(tagRowColumns).from(tags).innerJoin(tagGroups, eq(tagGroups.id, tags.groupId)).where(condition)
}

export async function tagsById(tx: DbOrTx, ids: number[]): Promise<TagRow[]> {
  return ids.length === 0 ? [] : tagsWhere(tx, inArray(tags.id, ids))
}

/** A customer's tags, grouped in the order groups and tags were created. */
/** Every 360 view and tag change reads these, so the statement is built once (see `prepared`). */
const tagRowsOfCustomer = prepared((handle: DbOrTx) =>
  handle
    .select(tagRowColumns)
    .from(customerTags)
    .innerJoin(tags, eq(tags.id, customerTags.tagId))
    .innerJoin(tagGroups, eq(tagGroups.id, tags.groupId))
    .where(eq(customerTags.customerId, sql.placeholder('customerId')))
    .orderBy(tagGroups.id, tags.id),
)

function customerTagRows(tx: DbOrTx, customerId: number): Promise<TagRow[]> {
  return tagRowsOfCustomer(tx, { customerId })
}

async function customerTagList(tx: DbOrTx, customerId: number): Promise<Tag[]> {
  return (await customerTagRows(tx, customerId)).map(strip)
}

/** Two tags of one exclusive group cannot be added together. */
export function checkExclusive(adding: TagRow[]): void {
  const seen = new Map<number, TagRow>()
  for (const tag of adding.filter((t) => t.exclusive)) {
    const other = seen.get(tag.groupId)
    if (other) {
      throw badRequest('EXCLUSIVE_TAG_CONFLICT', `标签组「${tag.groupName}」是互斥的，「${other.name}」和「${tag.name}」只能选一个`)
    }
    seen.set(tag.groupId, tag)
  }
}

/** The customer's tags that adding `adding` pushes out: the others of each exclusive group it touches. */
export async function exclusiveSiblings(tx: DbOrTx, customerId: number, adding: TagRow[]): Promise<TagRow[]> {
  const groups = new Set(adding.filter((tag) => tag.exclusive).map((tag) => tag.groupId))
  const added = new Set(idsOf(adding))
  return (await customerTagRows(tx, customerId)).filter((tag) => groups.has(tag.groupId) && !added.has(tag.id))
}

/**
 * Changes a customer's tags inside the caller's transaction, with the timeline. An exclusive group
 * keeps at most one tag: adding one removes its siblings, whoever adds it.
 */
export async function applyCustomerTags(
  tx: Tx,
  change: {
    customerId: number
    add: TagRow[]
    remove: TagRow[]
    staffId: number | null
    source: TagSource
    occurredAt: Date
    data?: Record<string, unknown>
  },
): Promise<{ added: TagRow[]; removed: TagRow[] }> {
  const addIds = new Set(idsOf(change.add))
  const candidates = [...change.remove, ...(await exclusiveSiblings(tx, change.customerId, change.add))].filter(
    (tag) => !addIds.has(tag.id),
  )
  const removedIds =
    candidates.length === 0
      ? new Set<number>()
      : new Set(
          (
            await tx
              .delete(customerTags)
              .where(and(eq(customerTags.customerId, change.customerId), inArray(customerTags.tagId, idsOf(candidates))))
              .returning({ tagId: customerTags.tagId })
          ).map((row) => row.tagId),
        )
  const removed = [...new Map(candidates.filter((tag) => removedIds.has(tag.id)).map((tag) => [tag.id, tag])).values()]
  const added: TagRow[] = []
  for (const tag of change.add) {
    const inserted = await tx
      .insert(customerTags)
      .values({ customerId: change.customerId, tagId: tag.id, markedByStaffId: change.staffId })
      .onConflictDoNothing()
    if (rowsChanged(inserted) > 0) added.push(tag)
  }
  if (added.length + removed.length > 0) {
    await recordTimelineEvent(tx, {
      customerId: change.customerId,
      type: 'tags_changed',
      staffId: change.staffId,
      occurredAt: change.occurredAt,
      data: {
        added: added.map((t) => t.name),
        removed: removed.map((t) => t.name),
        source: change.source,
        ...change.data,
      },
    })
  }
  return { added, removed }
}

/** Removes tags here (after WeCom removed them): from customers, live codes and rules too. */
async function forgetTags(tx: Tx, tagIds: number[]): Promise<void> {
  if (tagIds.length === 0) return
  await tx.delete(customerTags).where(inArray(customerTags.tagId, tagIds))
  await tx.delete(liveCodeTags).where(inArray(liveCodeTags.tagId, tagIds))
  await tx.delete(tagRules).where(inArray(tagRules.tagId, tagIds))
  await tx.delete(tags).where(inArray(tags.id, tagIds))
}

/** WeCom removes a group once its last tag is gone; so do we. */
async function forgetEmptyGroups(tx: Tx, groupIds: number[]): Promise<void> {
  for (const groupId of groupIds) {
    if (!(await first(tx.select({ id: tags.id }).from(tags).where(eq(tags.groupId, groupId))))) {
      await tx.delete(tagGroups).where(eq(tagGroups.id, groupId))
    }
  }
}

async function forgetGroup(tx: Tx, groupId: number): Promise<void> {
  await forgetTags(tx, idsOf(await tx.select({ id: tags.id }).from(tags).where(eq(tags.groupId, groupId))))
  await tx.delete(tagGroups).where(eq(tagGroups.id, groupId))
}

/** Makes our copy of one WeCom group match it: name, live tags; tags WeCom no longer has go. */
async function mirrorGroup(tx: Tx, group: CorpTagGroup, complete: boolean): Promise<void> {
  const local = await first(tx.select().from(tagGroups).where(eq(tagGroups.wecomGroupId, group.group_id)))
  if (group.deleted) {
    if (local) await forgetGroup(tx, local.id)
    return
  }
  const [mirrored] = local
    ? await tx.update(tagGroups).set({ name: group.group_name }).where(eq(tagGroups.id, local.id)).returning({ id: tagGroups.id })
    : await tx.insert(tagGroups).values({ wecomGroupId: group.group_id, name: group.group_name }).returning({ id: tagGroups.id })
  const groupId = (mirrored as { id: number }).id
  const live = group.tag.filter((tag) => !tag.deleted)
  await forgetTags(
    tx,
    idsOf(await tagsWhere(tx, inArray(tags.wecomTagId, group.tag.filter((tag) => tag.deleted).map((tag) => tag.id)))),
  )
  if (complete) {
    const stale = await tx
      .select({ id: tags.id })
      .from(tags)
      .where(and(eq(tags.groupId, groupId), notInArray(tags.wecomTagId, live.map((tag) => tag.id))))
    await forgetTags(tx, idsOf(stale))
  }
  for (const tag of live) {
    await tx
      .insert(tags)
      .values({ wecomTagId: tag.id, groupId, name: tag.name })
      .onConflictDoUpdate({ target: tags.wecomTagId, set: { name: tag.name, groupId } })
  }
  await forgetEmptyGroups(tx, [groupId])
}

export interface TagDeps extends ServiceDeps {
  wecom: WecomClient
}

export function createTagService({ db, now, wecom }: TagDeps) {
  const requireTag = async (id: number): Promise<TagRow> => {
    const [tag] = await tagsById(db, [id])
    if (!tag) throw notFound('TAG_NOT_FOUND', '没有这个标签')
    return tag
  }

  const requireGroup = async (id: number) => {
    const group = await first(db.select().from(tagGroups).where(eq(tagGroups.id, id)))
    if (!group) throw notFound('TAG_GROUP_NOT_FOUND', '没有这个标签组')
    return group
  }

  /** Tags by id, all of which must exist. */
  const requireTags = async (ids: number[]): Promise<TagRow[]> => {
    const found = await tagsById(db, ids)
    const unknown = ids.filter((id) => !found.some((tag) => tag.id === id))
    if (unknown.length > 0) throw badRequest('UNKNOWN_TAG', `没有这些标签：${unknown.join(', ')}`)
    return found
  }

  /** Every group with its tags, in their order: what a picker shows. */
  const listTagChoices = async (): Promise<TagPickerList> => {
    const rows = await db
      .select({ group: tagGroups, tagId: tags.id, tagName: tags.name })
      .from(tagGroups)
      .leftJoin(tags, eq(tags.groupId, tagGroups.id))
      .orderBy(tagGroups.id, tags.id)
    const groups = new Map<number, TagPickerList['groups'][number]>()
    for (const { group, tagId, tagName } of rows) {
      const entry = groups.get(group.id) ?? { id: group.id, name: group.name, exclusive: group.exclusive, tags: [] }
      if (tagId !== null && tagName !== null) entry.tags.push({ id: tagId, name: tagName })
      groups.set(group.id, entry)
    }
    return { groups: [...groups.values()] }
  }

  /** The tag page: every tag with its customers, counted on the long-read worker while the groups are read here. */
  const listGroups = async (): Promise<TagGroupList> => {
    const [carriers, { groups }] = await Promise.all([customersPerTag(), listTagChoices()])
    return { groups: groups.map((group) => ({ ...group, tags: group.tags.map((tag) => ({ ...tag, customerCount: carriers.get(tag.id) ?? 0 })) })) }
  }

  /** Counting every tag's customers reads every customer's tags (millions of rows for a large brand): apart from the requests' thread. */
  const customersPerTag = async (): Promise<Map<number, number>> => {
    const counted = await db.readApart<{ tag_id: number; customers: number | string }>(
      sql`select ${customerTags.tagId} as tag_id, count(*) as customers from ${customerTags} group by ${customerTags.tagId}`,
    )
    return new Map(counted.map((row) => [Number(row.tag_id), Number(row.customers)]))
  }

  /** mark_tag acts on one follow: one guide's view of the customer. */
  const markOnFollow = async (target: MarkTarget, add: TagRow[], remove: TagRow[]): Promise<void> => {
    if (add.length + remove.length === 0) return
    await wecom.markTag({
      userid: target.staffUserId,
      external_userid: target.externalUserId,
      add_tag: add.map((t) => t.wecomTagId),
      remove_tag: remove.map((t) => t.wecomTagId),
    })
  }

  const activeFollowers = async (customerId: number): Promise<string[]> =>
    (
      await db
        .select({ userId: staff.userId })
        .from(customerFollows)
        .innerJoin(staff, eq(staff.id, customerFollows.staffId))
        .where(and(eq(customerFollows.customerId, customerId), eq(customerFollows.status, 'active')))
    ).map((row) => row.userId)

  /**
   * Marks a change in WeCom: added tags on one follow (`via`), removed ones on every follow, since
   * the customer's tags are what all their follows carry together.
   */
  const markInWecom = async (customerId: number, via: MarkTarget, add: TagRow[], remove: TagRow[]): Promise<void> => {
    const others = remove.length === 0 ? [] : (await activeFollowers(customerId)).filter((userId) => userId !== via.staffUserId)
    await Promise.all([
      markOnFollow(via, add, remove),
      ...others.map((staffUserId) => markOnFollow({ staffUserId, externalUserId: via.externalUserId }, [], remove)),
    ])
  }

  return {
    requireTags,
    listGroups,
    /** A guide's tag picker: the groups and tags alone. */
    listTagChoices,
    markOnFollow,
    markInWecom,

    /** A tag is created in WeCom first, so the id we keep is the one guides' clients show. */
    async createTag(input: { groupName: string; name: string }): Promise<Tag> {
      const group = await first(db.select().from(tagGroups).where(eq(tagGroups.name, input.groupName)))
      if (group && (await first(db.select().from(tags).where(and(eq(tags.groupId, group.id), eq(tags.name, input.name)))))) {
        throw conflict('TAG_EXISTS', `标签组「${input.groupName}」里已经有「${input.name}」`)
      }
      const { tag_group: created } = await wecom.addCorpTag(
        group ? { group_id: group.wecomGroupId, tag: [{ name: input.name }] } : { group_name: input.groupName, tag: [{ name: input.name }] },
      )
      const wecomTag = created.tag.find((t) => t.name === input.name)
      if (!wecomTag) throw new Error('add_corp_tag did not return the new tag')
      return db.transaction(async (tx) => {
        let groupId = group?.id
        if (groupId === undefined) {
          const [row] = await tx
            .insert(tagGroups)
            .values({ wecomGroupId: created.group_id, name: created.group_name })
            .onConflictDoUpdate({ target: tagGroups.wecomGroupId, set: { name: created.group_name } })
            .returning({ id: tagGroups.id })
          groupId = (row as { id: number }).id
        }
        const [row] = await tx
          .insert(tags)
          .values({ wecomTagId: wecomTag.id, groupId, name: input.name })
          .onConflictDoUpdate({ target: tags.wecomTagId, set: { name: input.name } })
          .returning()
        const tag = row as typeof tags.$inferSelect
        return { id: tag.id, groupId, groupName: created.group_name, name: tag.name }
      })
    },

    async renameTag(id: number, name: string): Promise<Tag> {
      const tag = await requireTag(id)
      if (tag.name === name) return strip(tag)
      if (await first(db.select().from(tags).where(and(eq(tags.groupId, tag.groupId), eq(tags.name, name))))) {
        throw conflict('TAG_EXISTS', `标签组「${tag.groupName}」里已经有「${name}」`)
      }
      await wecom.editCorpTag({ id: tag.wecomTagId, name })
      await db.transaction((tx) => tx.update(tags).set({ name }).where(eq(tags.id, id)))
      return { ...strip(tag), name }
    },

    /** Renames in WeCom; exclusivity is ours alone, WeCom has no such notion. */
    async updateGroup(id: number, change: UpdateTagGroupRequest): Promise<TagGroupList['groups'][number]> {
      const group = await requireGroup(id)
      if (change.name !== undefined && change.name !== group.name) {
        if (await first(db.select().from(tagGroups).where(eq(tagGroups.name, change.name)))) {
          throw conflict('TAG_GROUP_EXISTS', `已经有名为「${change.name}」的标签组`)
        }
        await wecom.editCorpTag({ id: group.wecomGroupId, name: change.name })
      }
      await db.transaction((tx) =>
        tx
          .update(tagGroups)
          .set({ name: change.name ?? group.name, exclusive: change.exclusive ?? group.exclusive })
          .where(eq(tagGroups.id, id)),
      )
      return (await listGroups()).groups.find((g) => g.id === id) as TagGroupList['groups'][number]
    },

    async deleteTag(id: number): Promise<void> {
      const tag = await requireTag(id)
      await wecom.deleteCorpTag({ tag_id: [tag.wecomTagId] })
      await db.transaction(async (tx) => {
        await forgetTags(tx, [tag.id])
        await forgetEmptyGroups(tx, [tag.groupId])
      })
    },

    async deleteGroup(id: number): Promise<void> {
      const group = await requireGroup(id)
      await wecom.deleteCorpTag({ group_id: [group.wecomGroupId] })
      await db.transaction((tx) => forgetGroup(tx, group.id))
    },

    /** Pulls every corp tag from WeCom (get_corp_tag_list) and makes ours match. */
    async syncFromWecom(): Promise<TagGroupList> {
      const { tag_group: groups } = await wecom.getCorpTagList()
      await db.transaction(async (tx) => {
        for (const group of groups) await mirrorGroup(tx, group, true)
        const live = groups.map((group) => group.group_id)
        const stale = await tx.select({ id: tagGroups.id }).from(tagGroups).where(notInArray(tagGroups.wecomGroupId, live))
        for (const { id } of stale) await forgetGroup(tx, id)
      })
      return listGroups()
    },

    /** What WeCom holds now for a change_external_tag event; nothing to read for delete and shuffle. */
    async readCorpTagChange(change: CorpTagChange): Promise<CorpTagGroup[]> {
      if (change.changeType !== 'create' && change.changeType !== 'update') return []
      const query = change.tagType === 'tag_group' ? { group_id: [change.id] } : { tag_id: [change.id] }
      return (await wecom.getCorpTagList(query)).tag_group
    },

    /**
     * Applies an admin's edit in the WeCom console. A group read by id comes whole; a tag read by id
     * comes alone in its group. Deleting a group deletes its tags without events of their own.
     * Order (shuffle) is not mirrored.
     */
    async mirrorCorpTagChange(tx: Tx, change: CorpTagChange, current: CorpTagGroup[]): Promise<void> {
      if (change.changeType === 'delete') {
        if (change.tagType === 'tag_group') {
          const group = await first(tx.select().from(tagGroups).where(eq(tagGroups.wecomGroupId, change.id)))
          if (group) await forgetGroup(tx, group.id)
          return
        }
        const gone = await tagsWhere(tx, eq(tags.wecomTagId, change.id))
        await forgetTags(tx, idsOf(gone))
        await forgetEmptyGroups(tx, gone.map((tag) => tag.groupId))
        return
      }
      for (const group of current) await mirrorGroup(tx, group, change.tagType === 'tag_group')
    },

    /** A guide's edit in the sidebar: marked in WeCom (mark_tag) as the guide, then recorded with the timeline. */
    async updateCustomerTags(
      target: MarkTarget & { customerId: number; staffId: number },
      change: UpdateCustomerTagsRequest,
    ): Promise<Tag[]> {
      const addIds = change.add ?? []
      const removeIds = change.remove ?? []
      if (addIds.length + removeIds.length === 0) throw badRequest('NO_TAG_CHANGE', '请选择要添加或移除的标签')
      const add = await requireTags(addIds)
      const remove = await requireTags(removeIds)
      if (addIds.some((id) => removeIds.includes(id))) {
        throw badRequest('TAG_BOTH_ADDED_AND_REMOVED', '同一个标签不能同时添加和移除')
      }
      checkExclusive(add)
      await markInWecom(target.customerId, target, add, [...remove, ...(await exclusiveSiblings(db, target.customerId, add))])
      return db.transaction(async (tx) => {
        await applyCustomerTags(tx, {
          customerId: target.customerId,
          add,
          remove,
          staffId: target.staffId,
          source: 'guide',
          occurredAt: now(),
        })
        return customerTagList(tx, target.customerId)
      })
    },

    /** The customer's tags, grouped in the order groups and tags were created. */
    ofCustomer: (customerId: number, tx: DbOrTx = db): Promise<Tag[]> => customerTagList(tx, customerId),

    /** Every tag the customer carries here, to mark on a new follow so WeCom shows the same. */
    customerTagRows: (customerId: number) => customerTagRows(db, customerId),

    /** A follow through which to mark this customer's tags in WeCom, if any guide still has them. */
    async markTargetOf(customerId: number): Promise<MarkTarget | undefined> {
      const row = await first(
        db
          .select({ staffUserId: staff.userId, externalUserId: customers.externalUserId })
          .from(customerFollows)
          .innerJoin(staff, eq(staff.id, customerFollows.staffId))
          .innerJoin(customers, eq(customers.id, customerFollows.customerId))
          .where(and(eq(customerFollows.customerId, customerId), eq(customerFollows.status, 'active')))
          .orderBy(customerFollows.firstAddedAt),
      )
      return row?.externalUserId ? { staffUserId: row.staffUserId, externalUserId: row.externalUserId } : undefined
    },

    /**
     * A guide edited the customer's tags in WeCom's client (edit_external_contact): WeCom's marks
     * across the customer's current follows are what the customer carries. Tags WeCom marked that
     * an exclusive group forbids alongside another are dropped here and unmarked in WeCom after.
     */
    async planFromWecom(customerId: number, follows: FollowUser[]) {
      const marked = new Map<string, string[]>()
      for (const follow of follows) {
        for (const tag of follow.tags ?? []) {
          if (tag.type === 1 && tag.tag_id) addToGroup(marked, tag.tag_id, follow.userid)
        }
      }
      const known = marked.size === 0 ? [] : await tagsWhere(db, inArray(tags.wecomTagId, [...marked.keys()]))
      const current = await customerTagRows(db, customerId)
      const has = new Set(idsOf(current))
      const added = known.filter((tag) => !has.has(tag.id))
      const keep = new Map<number, TagRow>()
      const add: TagRow[] = []
      const dropped: TagRow[] = []
      for (const tag of added) {
        if (tag.exclusive && keep.has(tag.groupId)) dropped.push(tag)
        else {
          if (tag.exclusive) keep.set(tag.groupId, tag)
          add.push(tag)
        }
      }
      const inWecom = new Set(known.map((tag) => tag.id))
      const remove = current.filter((tag) => !inWecom.has(tag.id))
      const unmark = [...dropped, ...(await exclusiveSiblings(db, customerId, add))]
      const unmarkByFollower = new Map<string, TagRow[]>()
      for (const tag of unmark) {
        for (const userid of marked.get(tag.wecomTagId) ?? []) {
          addToGroup(unmarkByFollower, userid, tag)
        }
      }
      return { add, remove, unmarkByFollower }
    },
  }
}

export type TagService = ReturnType<typeof createTagService>

declare module 'fastify' {
  interface FastifyInstance {
    tags: TagService
  }
}

export default fp(
  async (app) => {
    app.decorate('tags', createTagService({ ...serviceDeps(app), wecom: app.wecom }))
  },
  { name: 'tags', dependencies: ['db', 'clock', 'tencent-clients'] },
)
