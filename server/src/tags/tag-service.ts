import fp from 'fastify-plugin'
import { and, eq, inArray } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import type { Tag, TagGroupList, UpdateCustomerTagsRequest } from '@liuliang/shared'
import type { DbOrTx } from '../db'
import { customerTags, tagGroups, tags } from '../db/schema'
import { badRequest, conflict } from '../errors'
import { recordTimelineEvent } from '../timeline/record'

const tagColumns = { id: tags.id, groupId: tags.groupId, groupName: tagGroups.name, name: tags.name }

/** A customer's tags, grouped in the order groups and tags were created. */
export function customerTagList(tx: DbOrTx, customerId: number): Tag[] {
  return tx
    .select(tagColumns)
    .from(customerTags)
    .innerJoin(tags, eq(tags.id, customerTags.tagId))
    .innerJoin(tagGroups, eq(tagGroups.id, tags.groupId))
    .where(eq(customerTags.customerId, customerId))
    .orderBy(tagGroups.id, tags.id)
    .all()
}

export function createTagService(app: FastifyInstance) {
  const { db, wecom } = app

  const tagsById = (ids: number[]) =>
    ids.length === 0
      ? []
      : db
          .select({ ...tagColumns, wecomTagId: tags.wecomTagId })
          .from(tags)
          .innerJoin(tagGroups, eq(tagGroups.id, tags.groupId))
          .where(inArray(tags.id, ids))
          .all()

  return {
    /** A tag is created in WeCom first, so the id we keep is the one guides' clients show. */
    async createTag(input: { groupName: string; name: string }): Promise<Tag> {
      const group = db.select().from(tagGroups).where(eq(tagGroups.name, input.groupName)).get()
      if (group && db.select().from(tags).where(and(eq(tags.groupId, group.id), eq(tags.name, input.name))).get()) {
        throw conflict('TAG_EXISTS', `标签组「${input.groupName}」里已经有「${input.name}」`)
      }
      const { tag_group: created } = await wecom.addCorpTag(
        group ? { group_id: group.wecomGroupId, tag: [{ name: input.name }] } : { group_name: input.groupName, tag: [{ name: input.name }] },
      )
      const wecomTag = created.tag.find((t) => t.name === input.name)
      if (!wecomTag) throw new Error('add_corp_tag did not return the new tag')
      return db.transaction((tx) => {
        const groupId =
          group?.id ??
          tx
            .insert(tagGroups)
            .values({ wecomGroupId: created.group_id, name: created.group_name })
            .onConflictDoUpdate({ target: tagGroups.wecomGroupId, set: { name: created.group_name } })
            .returning()
            .get().id
        const row = tx
          .insert(tags)
          .values({ wecomTagId: wecomTag.id, groupId, name: input.name })
          .onConflictDoUpdate({ target: tags.wecomTagId, set: { name: input.name } })
          .returning()
          .get()
        return { id: row.id, groupId, groupName: created.group_name, name: row.name }
      })
    },

    listGroups(): TagGroupList {
      const rows = db
        .select({ group: tagGroups, tagId: tags.id, tagName: tags.name })
        .from(tagGroups)
        .leftJoin(tags, eq(tags.groupId, tagGroups.id))
        .orderBy(tagGroups.id, tags.id)
        .all()
      const groups = new Map<number, TagGroupList['groups'][number]>()
      for (const { group, tagId, tagName } of rows) {
        const entry = groups.get(group.id) ?? { id: group.id, name: group.name, exclusive: group.exclusive, tags: [] }
        if (tagId !== null && tagName !== null) entry.tags.push({ id: tagId, name: tagName })
        groups.set(group.id, entry)
      }
      return { groups: [...groups.values()] }
    },

    /** Marks in WeCom (mark_tag) as the guide, then records locally with the customer's timeline. */
    async updateCustomerTags(
      target: { customerId: number; externalUserId: string; staffId: number; staffUserId: string },
      change: UpdateCustomerTagsRequest,
    ): Promise<Tag[]> {
      const add = tagsById(change.add ?? [])
      const remove = tagsById(change.remove ?? [])
      if (add.length + remove.length === 0) throw badRequest('NO_TAG_CHANGE', '请选择要添加或移除的标签')
      const unknown = [...(change.add ?? []), ...(change.remove ?? [])].filter(
        (id) => ![...add, ...remove].some((t) => t.id === id),
      )
      if (unknown.length > 0) throw badRequest('UNKNOWN_TAG', `没有这些标签：${unknown.join(', ')}`)
      if (add.some((t) => remove.some((r) => r.id === t.id))) {
        throw badRequest('TAG_BOTH_ADDED_AND_REMOVED', '同一个标签不能同时添加和移除')
      }
      await wecom.markTag({
        userid: target.staffUserId,
        external_userid: target.externalUserId,
        add_tag: add.map((t) => t.wecomTagId),
        remove_tag: remove.map((t) => t.wecomTagId),
      })
      return db.transaction((tx) => {
        for (const tag of add) {
          tx.insert(customerTags)
            .values({ customerId: target.customerId, tagId: tag.id, markedByStaffId: target.staffId })
            .onConflictDoNothing()
            .run()
        }
        if (remove.length > 0) {
          tx.delete(customerTags)
            .where(and(eq(customerTags.customerId, target.customerId), inArray(customerTags.tagId, remove.map((t) => t.id))))
            .run()
        }
        recordTimelineEvent(tx, {
          customerId: target.customerId,
          type: 'tags_changed',
          staffId: target.staffId,
          occurredAt: new Date(),
          data: { added: add.map((t) => t.name), removed: remove.map((t) => t.name) },
        })
        return customerTagList(tx, target.customerId)
      })
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
    app.decorate('tags', createTagService(app))
  },
  { name: 'tags', dependencies: ['db', 'tencent-clients'] },
)
