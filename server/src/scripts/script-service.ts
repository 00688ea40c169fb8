import fp from 'fastify-plugin'
import { and, desc, eq, isNull, sql } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { buildChatMessage, PLACEHOLDER_LABELS, placeholdersIn, previewScript } from '@liuliang/shared'
import type { ChatMessage, Script, ScriptInput, ScriptPage, ScriptSearchQuery, SendScriptRequest, SendScriptResponse } from '@liuliang/shared'
import { scriptSends, scripts } from '../db/schema'
import { badRequest, conflict, notFound } from '../errors'
import { recordTimelineEvent } from '../timeline/record'
import { createScriptCategories } from './script-categories'
import { createScriptMedia } from './script-media'
import { afterCursor, inCategoryTree, matchesWords, visibleTo } from './script-search'

type ScriptRow = typeof scripts.$inferSelect
/** Who a script belongs to: null for the brand's library (admins), a staff id for a guide's own. */
type Owner = number | null
type Sender = { id: number; name: string; isAdmin: boolean }

/** Guides' own scripts are words and links; images and mini-program cards come from the brand's library. */
const PERSONAL_TYPES = new Set<ScriptInput['type']>(['text', 'link'])

function toScript(row: ScriptRow): Script {
  const common = {
    id: row.id,
    scope: row.ownerStaffId === null ? ('corp' as const) : ('personal' as const),
    title: row.title,
    content: row.content,
    keywords: row.keywords,
    categoryId: row.categoryId,
    usageCount: row.usageCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
  const attachment = row.attachment ?? {}
  const field = (name: string) => attachment[name] ?? ''
  switch (row.type) {
    case 'text':
      return { ...common, type: 'text' }
    case 'image':
      return { ...common, type: 'image', image: { url: field('url') } }
    case 'link':
      return { ...common, type: 'link', link: { url: field('url'), imageUrl: field('imageUrl') } }
    case 'miniprogram':
      return {
        ...common,
        type: 'miniprogram',
        miniprogram: { appid: field('appid'), page: field('page'), imageUrl: field('imageUrl') },
      }
  }
}

function attachmentOf(input: ScriptInput): Record<string, string> | null {
  switch (input.type) {
    case 'text':
      return null
    case 'image':
      return { url: input.image.url }
    case 'link':
      return { url: input.link.url, imageUrl: input.link.imageUrl }
    case 'miniprogram':
      return { appid: input.miniprogram.appid, page: input.miniprogram.page, imageUrl: input.miniprogram.imageUrl }
  }
}

const scriptNotFound = () => notFound('SCRIPT_NOT_FOUND', '没有找到这条话术')

export function createScriptService(app: FastifyInstance) {
  const { db } = app
  const categories = createScriptCategories(db)
  const media = createScriptMedia(db, app.wecom)

  const ownedBy = (owner: Owner) => (owner === null ? isNull(scripts.ownerStaffId) : eq(scripts.ownerStaffId, owner))

  /** The fields a create or replace writes, after the rules a schema cannot say. */
  const columnsFor = (input: ScriptInput, owner: Owner) => {
    if (owner !== null && !PERSONAL_TYPES.has(input.type)) {
      throw badRequest('SCRIPT_TYPE_NOT_ALLOWED', '个人话术只支持文字和链接，图片和小程序卡片请在品牌话术库中添加')
    }
    const title = input.title.trim()
    const content = input.content.trim()
    if (title === '') throw badRequest('EMPTY_TITLE', '话术标题不能为空')
    if (input.type === 'text' && content === '') throw badRequest('EMPTY_CONTENT', '文字话术的内容不能为空')
    const unknown = placeholdersIn(`${title}\n${content}`).unknown
    if (unknown.length > 0) {
      const usable = Object.keys(PLACEHOLDER_LABELS).map((name) => `{{${name}}}`).join('、')
      throw badRequest('UNKNOWN_PLACEHOLDER', `无法识别的占位符：${unknown.map((name) => `{{${name}}}`).join('、')}；可用的有 ${usable}`)
    }
    const categoryId = input.categoryId ?? null
    if (categoryId !== null && !categories.exists(categoryId)) throw badRequest('UNKNOWN_CATEGORY', '话术分类不存在')
    return {
      type: input.type,
      title,
      content,
      keywords: [...new Set((input.keywords ?? []).map((keyword) => keyword.trim()))],
      categoryId,
      attachment: attachmentOf(input),
    }
  }

  /** A script the sender may use: the brand's, or their own. */
  const usableRow = (scriptId: number, staffId: number) =>
    db.select().from(scripts).where(and(eq(scripts.id, scriptId), visibleTo(staffId))).get()

  return {
    categories,

    /** Matching scripts, most used first: `owner` sees the brand's library plus their own (null: the library only). */
    search(owner: Owner, query: ScriptSearchQuery): ScriptPage {
      const limit = query.limit ?? 20
      const rows = db
        .select()
        .from(scripts)
        .where(
          and(
            visibleTo(owner),
            query.q ? matchesWords(query.q) : undefined,
            query.categoryId ? inCategoryTree(query.categoryId) : undefined,
            afterCursor(query.cursor),
          ),
        )
        .orderBy(desc(scripts.usageCount), desc(scripts.id))
        .limit(limit + 1)
        .all()
      const items = rows.slice(0, limit).map(toScript)
      const last = items.at(-1)
      return { items, nextCursor: rows.length > limit && last ? `${last.usageCount}.${last.id}` : null }
    },

    create(input: ScriptInput, owner: Owner, now = new Date()): Script {
      const row = db
        .insert(scripts)
        .values({ ...columnsFor(input, owner), ownerStaffId: owner, createdAt: now, updatedAt: now })
        .returning()
        .get()
      return toScript(row)
    },

    /** Replaces a script's words and attachment; its usage count stays. */
    replace(scriptId: number, input: ScriptInput, owner: Owner, now = new Date()): Script {
      const row = db
        .update(scripts)
        .set({ ...columnsFor(input, owner), mediaId: null, mediaExpiresAt: null, updatedAt: now })
        .where(and(eq(scripts.id, scriptId), ownedBy(owner)))
        .returning()
        .get()
      if (!row) throw scriptNotFound()
      return toScript(row)
    },

    remove(scriptId: number, owner: Owner): void {
      const removed = db.delete(scripts).where(and(eq(scripts.id, scriptId), ownedBy(owner))).run()
      if (removed.changes === 0) throw scriptNotFound()
    },

    /**
     * The message a guide sends into the chat with this customer, its placeholders filled, and the use
     * counted once per request id (a retried send is not counted again).
     */
    async send(sender: Sender, scriptId: number, request: SendScriptRequest, now = new Date()): Promise<SendScriptResponse> {
      const customer = app.customers.visibleToStaff(sender, request.externalUserId)
      const row = usableRow(scriptId, sender.id)
      if (!row) throw scriptNotFound()
      const earlier = db
        .select()
        .from(scriptSends)
        .where(and(eq(scriptSends.staffId, sender.id), eq(scriptSends.requestId, request.requestId)))
        .get()
      if (earlier && (earlier.scriptId !== row.id || earlier.customerId !== customer.id)) {
        throw conflict('REQUEST_ID_REUSED', '这个请求编号已用于另一次发送')
      }
      const script = toScript(row)
      const values = app.customer360.placeholderValues(sender, customer, now)
      const { missing, title } = previewScript(script, values)
      if (missing.length > 0) {
        throw conflict('PLACEHOLDER_UNAVAILABLE', `这位客户暂无${missing.map((name) => PLACEHOLDER_LABELS[name]).join('、')}，无法发送这条话术`)
      }
      const built = buildChatMessage(script, values, script.type === 'image' ? await media.mediaFor(row, now) : null)
      const message = built.message as ChatMessage
      const usageCount = db.transaction((tx) => {
        // The script may have been deleted while its image was uploading.
        const current = tx.select({ usageCount: scripts.usageCount }).from(scripts).where(eq(scripts.id, row.id)).get()
        if (!current) throw scriptNotFound()
        const recorded = tx
          .insert(scriptSends)
          .values({ scriptId: row.id, staffId: sender.id, customerId: customer.id, requestId: request.requestId, sentAt: now })
          .onConflictDoNothing()
          .run()
        if (recorded.changes === 0) return current.usageCount
        recordTimelineEvent(tx, {
          customerId: customer.id,
          type: 'script_sent',
          staffId: sender.id,
          occurredAt: now,
          data: { scriptId: row.id, scriptType: row.type, title },
        })
        return tx
          .update(scripts)
          .set({ usageCount: sql`${scripts.usageCount} + 1` })
          .where(eq(scripts.id, row.id))
          .returning({ usageCount: scripts.usageCount })
          .get().usageCount
      })
      return { message, usageCount }
    },
  }
}

export type ScriptService = ReturnType<typeof createScriptService>

declare module 'fastify' {
  interface FastifyInstance {
    scripts: ScriptService
  }
}

export default fp(
  async (app) => {
    app.decorate('scripts', createScriptService(app))
  },
  { name: 'scripts', dependencies: ['db', 'tencent-clients', 'customers', 'customer-360'] },
)
