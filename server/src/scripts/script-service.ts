import fp from 'fastify-plugin'
import { and, desc, eq, isNull, sql } from 'drizzle-orm'
import { buildChatMessage, PLACEHOLDER_LABELS, placeholdersIn, previewScript } from '@liuliang/shared'
import type { ChatMessage, LibraryFileAttachment, Script, ScriptInput, ScriptPage, ScriptSearchQuery, SendScriptRequest, SendScriptResponse } from '@liuliang/shared'
import type { WecomClient } from '../clients/wecom-client'
import type { FileLibraryService } from '../materials/file-library-service'
import type { Customer360Service } from '../customer-360/customer-360-service'
import type { CustomerService } from '../customers/customer-service'
import { first, preparedPerShape, rowsChanged, type DbOrTx } from '../db'
import { scriptSends, scripts } from '../db/schema'
import { badRequest, conflict, notFound } from '../errors'
import { serviceDeps, type ServiceDeps } from '../services'
import { recordTimelineEvent } from '../timeline/record'
import { createScriptCategories } from './script-categories'
import { createScriptMedia } from './script-media'
import { scriptSearch, visibleTo, type ScriptSearch } from './script-search'

type ScriptRow = typeof scripts.$inferSelect
/** Who a script belongs to: null for the brand's library (admins), a staff id for a guide's own. */
type Owner = number | null
type Sender = { id: number; name: string; isAdmin: boolean }

/** Guides' own scripts are words and links; images, mini-program cards and files come from the brand's library. */
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
    case 'file':
      return { ...common, type: 'file', file: { fileId: Number(field('fileId')), name: field('name') } }
  }
}

/** The library file a file script sends, as its attachment keeps it. */
const scriptFile = (row: Pick<ScriptRow, 'type' | 'attachment'> | undefined) =>
  row?.type === 'file' ? [{ type: 'file' as const, fileId: Number(row.attachment?.fileId) }] : []

function attachmentOf(input: ScriptInput, fileName: string | undefined): Record<string, string> | null {
  switch (input.type) {
    case 'text':
      return null
    case 'image':
      return { url: input.image.url }
    case 'link':
      return { url: input.link.url, imageUrl: input.link.imageUrl }
    case 'miniprogram':
      return { appid: input.miniprogram.appid, page: input.miniprogram.page, imageUrl: input.miniprogram.imageUrl }
    case 'file':
      return { fileId: String(input.file.fileId), name: fileName ?? '' }
  }
}

/** Searches of one shape (which conditions they have) share a statement. */
const searchStatement = preparedPerShape(
  (search: ScriptSearch) => search.shape,
  ({ where }, handle: DbOrTx) => handle.select().from(scripts).where(where).orderBy(desc(scripts.usageCount), desc(scripts.id)).limit(sql.placeholder('limit')),
)

const scriptNotFound = () => notFound('SCRIPT_NOT_FOUND', '没有找到这条话术')

export interface ScriptDeps extends ServiceDeps {
  wecom: WecomClient
  fileLibrary: FileLibraryService
  customers: CustomerService
  customer360: Customer360Service
}

export function createScriptService({ db, now, wecom, fileLibrary, customers, customer360 }: ScriptDeps) {
  const categories = createScriptCategories(db)
  const media = createScriptMedia(db, wecom)

  const ownedBy = (owner: Owner) => (owner === null ? isNull(scripts.ownerStaffId) : eq(scripts.ownerStaffId, owner))

  /** The name of a file script's file: one in the library, or the one the script being replaced already sends. */
  const fileNameFor = async (tx: DbOrTx, input: ScriptInput, replacing: number | undefined) => {
    if (input.type !== 'file') return undefined
    const before = replacing === undefined ? undefined : await first(tx.select({ type: scripts.type, attachment: scripts.attachment }).from(scripts).where(eq(scripts.id, replacing)))
    const [named] = await fileLibrary.withFileNames<LibraryFileAttachment>([{ type: 'file', fileId: input.file.fileId }], scriptFile(before), tx)
    return named?.name
  }

  /** The fields a create or replace writes, after the rules a schema cannot say. */
  const columnsFor = async (tx: DbOrTx, input: ScriptInput, owner: Owner, replacing?: number) => {
    if (owner !== null && !PERSONAL_TYPES.has(input.type)) {
      throw badRequest('SCRIPT_TYPE_NOT_ALLOWED', '个人话术只支持文字和链接，图片、小程序卡片和视频文件请在品牌话术库中添加')
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
    if (categoryId !== null && !(await categories.exists(categoryId, tx))) throw badRequest('UNKNOWN_CATEGORY', '话术分类不存在')
    return {
      type: input.type,
      title,
      content,
      keywords: [...new Set((input.keywords ?? []).map((keyword) => keyword.trim()))],
      categoryId,
      attachment: attachmentOf(input, await fileNameFor(tx, input, replacing)),
    }
  }

  /** WeCom's media for a script that sends a picture or a library file (a file that left the library still goes). */
  const mediaOf = async (row: ScriptRow, at: Date) => {
    if (row.type === 'image') return media.mediaFor(row, at)
    if (row.type === 'file') return fileLibrary.mediaFor(scriptFile(row)[0]!.fileId, { evenRemoved: true })
    return null
  }

  /** A script the sender may use: the brand's, or their own. */
  const usableRow = (scriptId: number, staffId: number) =>
    first(db.select().from(scripts).where(and(eq(scripts.id, scriptId), visibleTo(staffId))))

  return {
    categories,

    /** Matching scripts, most used first: `owner` sees the brand's library plus their own (null: the library only). */
    async search(owner: Owner, query: ScriptSearchQuery): Promise<ScriptPage> {
      const limit = query.limit ?? 20
      const search = scriptSearch(owner, query)
      const rows = await searchStatement(db, search, { ...search.values, limit: limit + 1 })
      const items = rows.slice(0, limit).map(toScript)
      const last = items.at(-1)
      return { items, nextCursor: rows.length > limit && last ? `${last.usageCount}.${last.id}` : null }
    },

    async create(input: ScriptInput, owner: Owner, at = now()): Promise<Script> {
      const row = await db.transaction(async (tx) => {
        const [created] = await tx
          .insert(scripts)
          .values({ ...(await columnsFor(tx, input, owner)), ownerStaffId: owner, createdAt: at, updatedAt: at })
          .returning()
        return created as ScriptRow
      })
      return toScript(row)
    },

    /** Replaces a script's words and attachment; its usage count stays. */
    async replace(scriptId: number, input: ScriptInput, owner: Owner, at = now()): Promise<Script> {
      const row = await db.transaction(async (tx) => {
        const [replaced] = await tx
          .update(scripts)
          .set({ ...(await columnsFor(tx, input, owner, scriptId)), mediaId: null, mediaExpiresAt: null, updatedAt: at })
          .where(and(eq(scripts.id, scriptId), ownedBy(owner)))
          .returning()
        return replaced
      })
      if (!row) throw scriptNotFound()
      return toScript(row)
    },

    async remove(scriptId: number, owner: Owner): Promise<void> {
      const removed = await db.transaction(async (tx) => tx.delete(scripts).where(and(eq(scripts.id, scriptId), ownedBy(owner))))
      if (rowsChanged(removed) === 0) throw scriptNotFound()
    },

    /**
     * The message a guide sends into the chat with this customer, its placeholders filled, and the use
     * counted once per request id (a retried send is not counted again).
     */
    async send(sender: Sender, scriptId: number, request: SendScriptRequest, at = now()): Promise<SendScriptResponse> {
      const customer = await customers.visibleToStaff(sender, request.externalUserId)
      const row = await usableRow(scriptId, sender.id)
      if (!row) throw scriptNotFound()
      const earlier = await first(
        db
          .select()
          .from(scriptSends)
          .where(and(eq(scriptSends.staffId, sender.id), eq(scriptSends.requestId, request.requestId))),
      )
      if (earlier && (earlier.scriptId !== row.id || earlier.customerId !== customer.id)) {
        throw conflict('REQUEST_ID_REUSED', '这个请求编号已用于另一次发送')
      }
      const script = toScript(row)
      const values = await customer360.placeholderValues(sender, customer, at)
      const { missing, title } = previewScript(script, values)
      if (missing.length > 0) {
        throw conflict('PLACEHOLDER_UNAVAILABLE', `这位客户暂无${missing.map((name) => PLACEHOLDER_LABELS[name]).join('、')}，无法发送这条话术`)
      }
      const built = buildChatMessage(script, values, await mediaOf(row, at))
      const message = built.message as ChatMessage
      const usageCount = await db.transaction(async (tx) => {
        // The script may have been deleted while its media was uploading.
        const current = await first(tx.select({ usageCount: scripts.usageCount }).from(scripts).where(eq(scripts.id, row.id)))
        if (!current) throw scriptNotFound()
        const recorded = await tx
          .insert(scriptSends)
          .values({ scriptId: row.id, staffId: sender.id, customerId: customer.id, requestId: request.requestId, sentAt: at })
          .onConflictDoNothing()
        if (rowsChanged(recorded) === 0) return current.usageCount
        await recordTimelineEvent(tx, {
          customerId: customer.id,
          type: 'script_sent',
          staffId: sender.id,
          occurredAt: at,
          data: { scriptId: row.id, scriptType: row.type, title },
        })
        const [counted] = await tx
          .update(scripts)
          .set({ usageCount: sql`${scripts.usageCount} + 1` })
          .where(eq(scripts.id, row.id))
          .returning({ usageCount: scripts.usageCount })
        return (counted as { usageCount: number }).usageCount
      })
      return { message, usageCount }
    },

    /**
     * The message a guide sends into a customer group: there is no one customer to fill in, so a script
     * naming the customer, their level or points cannot go (the guide's own name can). Counts the use.
     */
    async sendToGroup(sender: Sender, scriptId: number, at = now()): Promise<SendScriptResponse> {
      const row = await usableRow(scriptId, sender.id)
      if (!row) throw scriptNotFound()
      const script = toScript(row)
      const values = { customerName: null, staffName: sender.name, level: null, points: null }
      const { missing } = previewScript(script, values)
      if (missing.length > 0) {
        throw conflict('PLACEHOLDER_UNAVAILABLE', `群聊里没有单个客户的${missing.map((name) => PLACEHOLDER_LABELS[name]).join('、')}，无法发送这条话术`)
      }
      const built = buildChatMessage(script, values, await mediaOf(row, at))
      const [counted] = await db.transaction((tx) =>
        tx
          .update(scripts)
          .set({ usageCount: sql`${scripts.usageCount} + 1` })
          .where(eq(scripts.id, row.id))
          .returning({ usageCount: scripts.usageCount }),
      )
      if (!counted) throw scriptNotFound()
      return { message: built.message as ChatMessage, usageCount: counted.usageCount }
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
    app.decorate(
      'scripts',
      createScriptService({ ...serviceDeps(app), wecom: app.wecom, fileLibrary: app.fileLibrary, customers: app.customers, customer360: app.customer360 }),
    )
  },
  { name: 'scripts', dependencies: ['db', 'clock', 'tencent-clients', 'file-library', 'customers', 'customer-360'] },
)
