// Group welcome templates (入群欢迎语素材, WeCom doc 92366): material held in WeCom that group owners apply
// to their groups in the client; the API cannot send a welcome into a group itself. At most 100 per corp.
import { desc, eq } from 'drizzle-orm'
import {
  MAX_GROUP_WELCOME_TEMPLATES,
  type CreateGroupWelcomeTemplateRequest,
  type GroupWelcomeTemplate,
  type GroupWelcomeTemplateList,
  type UpdateGroupWelcomeTemplateRequest,
  type WelcomeAttachment,
} from '@liuliang/shared'
import { TencentApiError } from '../clients/tencent-client'
import type { GroupWelcomeTemplateBody } from '../clients/wecom-group-chats'
import type { WecomClient } from '../clients/wecom-client'
import { first } from '../db'
import { groupWelcomeTemplates } from '../db/schema'
import { badRequest, conflict, notFound } from '../errors'
import type { ServiceDeps } from '../services'

type TemplateRow = typeof groupWelcomeTemplates.$inferSelect

const byteLength = (text: string) => Buffer.byteLength(text, 'utf8')

function explainWecomError(error: unknown): never {
  if (error instanceof TencentApiError) {
    if (error.errcode === 41055) throw conflict('GROUP_WELCOME_LIMIT', `企业最多 ${MAX_GROUP_WELCOME_TEMPLATES} 条入群欢迎语`)
    if (error.errcode === 45002) throw badRequest('GROUP_WELCOME_TOO_LONG', '欢迎语或附件的文字超过企业微信的长度上限')
  }
  throw error
}

/** WeCom's limits are bytes: text ≤ 4000, a link's title ≤ 128 and description ≤ 512, a mini-program's title ≤ 64. */
function checkBytes(text: string, attachment: WelcomeAttachment | null): void {
  const limits: [string | undefined, number, string][] = [
    [text, 4000, '欢迎语'],
    [attachment?.type === 'link' ? attachment.title : undefined, 128, '链接标题'],
    [attachment?.type === 'link' ? attachment.desc : undefined, 512, '链接描述'],
    [attachment?.type === 'miniprogram' ? attachment.title : undefined, 64, '小程序标题'],
  ]
  for (const [value, max, label] of limits) {
    if (value !== undefined && byteLength(value) > max) throw badRequest('GROUP_WELCOME_TOO_LONG', `${label}超过 ${max} 字节（一个汉字占 3 字节）`)
  }
  if (!text.trim() && !attachment) throw badRequest('GROUP_WELCOME_EMPTY', '欢迎语需要文字或一个附件')
}

function bodyOf(text: string, attachment: WelcomeAttachment | null): GroupWelcomeTemplateBody {
  const body: GroupWelcomeTemplateBody = text ? { text: { content: text } } : {}
  if (attachment?.type === 'image') body.image = { pic_url: attachment.picUrl }
  if (attachment?.type === 'link') {
    body.link = { title: attachment.title, url: attachment.url, ...(attachment.desc ? { desc: attachment.desc } : {}), ...(attachment.picUrl ? { picurl: attachment.picUrl } : {}) }
  }
  if (attachment?.type === 'miniprogram') {
    body.miniprogram = { title: attachment.title, pic_media_id: attachment.picMediaId, appid: attachment.appid, page: attachment.page }
  }
  return body
}

const view = (row: TemplateRow): GroupWelcomeTemplate => ({
  id: row.id,
  templateId: row.templateId,
  name: row.name,
  text: row.text,
  attachment: (row.attachment as WelcomeAttachment | null) ?? null,
  notify: row.notify,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
})

export function createGroupWelcomeService({ db, now, wecom }: ServiceDeps & { wecom: WecomClient }) {
  async function requireTemplate(id: number): Promise<TemplateRow> {
    const row = await first(db.select().from(groupWelcomeTemplates).where(eq(groupWelcomeTemplates.id, id)))
    if (!row) throw notFound('GROUP_WELCOME_NOT_FOUND', '没有这条入群欢迎语')
    return row
  }

  return {
    async list(): Promise<GroupWelcomeTemplateList> {
      const rows = await db.select().from(groupWelcomeTemplates).orderBy(desc(groupWelcomeTemplates.id))
      return { items: rows.map(view), limit: MAX_GROUP_WELCOME_TEMPLATES }
    },

    async create(input: CreateGroupWelcomeTemplateRequest): Promise<GroupWelcomeTemplate> {
      const attachment = input.attachment ?? null
      const notify = input.notify ?? true
      checkBytes(input.text, attachment)
      const templateId = await wecom.groupChats
        .addWelcomeTemplate({ ...bodyOf(input.text, attachment), notify: notify ? 1 : 0 })
        .catch(explainWecomError)
      const [row] = await db.transaction((tx) =>
        tx
          .insert(groupWelcomeTemplates)
          .values({ templateId, name: input.name, text: input.text, attachment, notify, updatedAt: now() })
          .returning(),
      )
      return view(row as TemplateRow)
    },

    async update(id: number, change: UpdateGroupWelcomeTemplateRequest): Promise<GroupWelcomeTemplate> {
      const row = await requireTemplate(id)
      const text = change.text ?? row.text
      const attachment = change.attachment === undefined ? ((row.attachment as WelcomeAttachment | null) ?? null) : change.attachment
      checkBytes(text, attachment)
      if (change.text !== undefined || change.attachment !== undefined) {
        await wecom.groupChats.editWelcomeTemplate({ template_id: row.templateId, ...bodyOf(text, attachment) }).catch(explainWecomError)
      }
      const [updated] = await db.transaction((tx) =>
        tx
          .update(groupWelcomeTemplates)
          .set({ name: change.name ?? row.name, text, attachment, notify: change.notify ?? row.notify, updatedAt: now() })
          .where(eq(groupWelcomeTemplates.id, id))
          .returning(),
      )
      return view(updated as TemplateRow)
    },

    async remove(id: number): Promise<void> {
      const row = await requireTemplate(id)
      await wecom.groupChats.deleteWelcomeTemplate(row.templateId).catch((error: unknown) => {
        // 40058: WeCom no longer holds it, which is where we are going anyway.
        if (!(error instanceof TencentApiError && error.errcode === 40058)) throw error
      })
      await db.transaction(async (tx) => {
        await tx.delete(groupWelcomeTemplates).where(eq(groupWelcomeTemplates.id, id))
      })
    },
  }
}

export type GroupWelcomeService = ReturnType<typeof createGroupWelcomeService>
