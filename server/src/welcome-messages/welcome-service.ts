import fp from 'fastify-plugin'
import { and, desc, eq, isNull } from 'drizzle-orm'
import {
  WELCOME_SCOPES,
  welcomeContentProblem,
  type CreateWelcomeMessageRequest,
  type UpdateWelcomeMessageRequest,
  type WelcomeMessageAttachment,
  type WelcomeMessage,
  type WelcomeMessageList,
  type WelcomeSendStatus,
} from '@liuliang/shared'
import { TencentApiError, TencentTransportError } from '../clients/tencent-client'
import type { WecomClient, WelcomeMessage as WecomWelcome } from '../clients/wecom-client'
import { first, rowsChanged, type DbOrTx, type Tx } from '../db'
import { liveCodes, staff, welcomeMessages, welcomeSends } from '../db/schema'
import { badRequest, notFound } from '../errors'
import { serviceDeps, type ServiceDeps } from '../services'
import type { DepartmentService } from '../departments/department-service'
import type { FileLibraryService } from '../materials/file-library-service'
import type { StaffService } from '../staff/staff-service'
import { recordTimelineEvent } from '../timeline/record'

type Row = typeof welcomeMessages.$inferSelect

const ALREADY_SENT = 41051
const EXPIRED = 41050
/** Tencent is busy or rate-limiting: worth another try while the code lives. */
const TRANSIENT_ERRCODES = new Set([-1, 45009, 45033])
const MAX_ATTEMPTS = 3
const RETRY_DELAY_MS = 500
/** A WelcomeCode is usable for 20 s after the add. */
export const WELCOME_CODE_LIFETIME_MS = 20_000

function checkContent(text: string, attachments: WelcomeMessageAttachment[]): void {
  const problem = welcomeContentProblem(text, attachments)
  if (problem) throw badRequest(problem.code, problem.message)
}

/** A welcome as it goes to one customer: the names filled in, a library file's media fetched just before the send. */
export interface WelcomeContent {
  text: string
  attachments: WelcomeMessageAttachment[]
}

export function fillWelcome(message: Pick<Row, 'text' | 'attachments'>, names: { customerName: string; staffName: string }): WelcomeContent {
  return {
    text: message.text.replaceAll('{{customerName}}', names.customerName).replaceAll('{{staffName}}', names.staffName),
    attachments: message.attachments,
  }
}

export interface WelcomeSend {
  id: number
  customerId: number
  staffId: number
  welcomeMessageId: number
  welcomeCode: string
  content: WelcomeContent
}

export interface WelcomeDeps extends ServiceDeps {
  wecom: WecomClient
  staff: StaffService
  fileLibrary: FileLibraryService
  /** A department's message also greets for the departments under it. */
  withAncestors: DepartmentService['withAncestors']
}

export function createWelcomeService({ db, now, log, wecom, staff: staffService, fileLibrary, withAncestors }: WelcomeDeps) {
  /** An attachment as send_welcome_msg wants it; a library file by a WeCom media id good for the next hour. */
  async function toWecomAttachment(attachment: WelcomeMessageAttachment): Promise<Record<string, unknown>> {
    switch (attachment.type) {
      case 'image':
        return { msgtype: 'image', image: { pic_url: attachment.picUrl } }
      case 'link':
        return { msgtype: 'link', link: { title: attachment.title, url: attachment.url, desc: attachment.desc, picurl: attachment.picUrl } }
      case 'miniprogram':
        return {
          msgtype: 'miniprogram',
          miniprogram: { title: attachment.title, pic_media_id: attachment.picMediaId, appid: attachment.appid, page: attachment.page },
        }
      case 'file': {
        // Saved before the file left the library, the message still sends it.
        const { kind, mediaId } = await fileLibrary.mediaFor(attachment.fileId, { evenRemoved: true })
        return { msgtype: kind, [kind]: { media_id: mediaId } }
      }
    }
  }

  /** The send_welcome_msg body; an attachment WeCom cannot have now is left out rather than the whole welcome. */
  async function welcomeBody(send: WelcomeSend): Promise<WecomWelcome> {
    const attachments: Record<string, unknown>[] = []
    for (const attachment of send.content.attachments) {
      try {
        attachments.push(await toWecomAttachment(attachment))
      } catch (error) {
        log.warn({ err: error, welcomeMessageId: send.welcomeMessageId }, 'a welcome attachment could not be prepared and was left out')
      }
    }
    const { text } = send.content
    return { welcome_code: send.welcomeCode, ...(text.trim() ? { text: { content: text } } : {}), ...(attachments.length ? { attachments } : {}) }
  }

  const view = async (row: Row): Promise<WelcomeMessage> => {
    const member = row.staffId ? await first(db.select().from(staff).where(eq(staff.id, row.staffId))) : undefined
    return {
      id: row.id,
      name: row.name,
      scope: row.scope,
      liveCodeId: row.liveCodeId,
      staffUserId: member?.userId ?? null,
      departmentId: row.departmentId,
      startsAt: row.startsAt?.toISOString() ?? null,
      endsAt: row.endsAt?.toISOString() ?? null,
      text: row.text,
      attachments: row.attachments,
      enabled: row.enabled,
      updatedAt: row.updatedAt.toISOString(),
    }
  }

  const requireRow = async (id: number): Promise<Row> => {
    const row = await first(db.select().from(welcomeMessages).where(eq(welcomeMessages.id, id)))
    if (!row) throw notFound('WELCOME_MESSAGE_NOT_FOUND', '没有这条欢迎语')
    return row
  }

  /** The columns a scope uses, the others cleared; what the scope needs must be there. */
  async function scopeColumns(input: Required<UpdateWelcomeMessageRequest>) {
    const none = { liveCodeId: null, staffId: null, departmentId: null, startsAt: null, endsAt: null }
    const missing = (what: string) => badRequest('WELCOME_SCOPE_INCOMPLETE', `这种欢迎语需要指定${what}`)
    switch (input.scope) {
      case 'live_code': {
        if (!input.liveCodeId) throw missing('活码')
        const code = await first(
          db
            .select({ id: liveCodes.id })
            .from(liveCodes)
            .where(and(eq(liveCodes.id, input.liveCodeId), isNull(liveCodes.deletedAt))),
        )
        if (!code) throw badRequest('UNKNOWN_LIVE_CODE', '没有这个活码')
        return { ...none, liveCodeId: code.id }
      }
      case 'staff': {
        if (!input.staffUserId) throw missing('导购')
        return { ...none, staffId: (await staffService.ensureStaff(input.staffUserId)).id }
      }
      case 'department':
        if (!input.departmentId) throw missing('部门')
        return { ...none, departmentId: input.departmentId }
      case 'campaign': {
        if (!input.startsAt || !input.endsAt) throw missing('开始和结束时间')
        const startsAt = new Date(input.startsAt)
        const endsAt = new Date(input.endsAt)
        if (!(startsAt < endsAt)) throw badRequest('INVALID_CAMPAIGN_PERIOD', '活动的结束时间必须晚于开始时间')
        return { ...none, startsAt, endsAt }
      }
      case 'default':
        return none
    }
  }

  /** Saves a new message, or `existing` changed to `input`: files it already attached stay even if they left the library. */
  async function save(existing: Row | null, input: Required<UpdateWelcomeMessageRequest>): Promise<WelcomeMessage> {
    checkContent(input.text, input.attachments)
    const before = existing?.attachments ?? []
    const values = {
      name: input.name,
      scope: input.scope,
      ...(await scopeColumns(input)),
      text: input.text,
      attachments: await fileLibrary.withFileNames(input.attachments, before),
      enabled: input.enabled,
      updatedAt: now(),
    }
    const row = await db.transaction(async (tx) => {
      const [saved] =
        existing === null
          ? await tx.insert(welcomeMessages).values(values).returning()
          : await tx.update(welcomeMessages).set(values).where(eq(welcomeMessages.id, existing.id)).returning()
      return saved
    })
    return view(row as Row)
  }

  const liveCodeMessage = (tx: DbOrTx, liveCodeId: number) =>
    first(
      tx
        .select()
        .from(welcomeMessages)
        .where(and(eq(welcomeMessages.scope, 'live_code'), eq(welcomeMessages.liveCodeId, liveCodeId)))
        .orderBy(desc(welcomeMessages.id)),
    )

  return {
    async list(): Promise<WelcomeMessageList> {
      const rows = await db.select().from(welcomeMessages).orderBy(desc(welcomeMessages.id))
      return { items: await Promise.all(rows.map(view)) }
    },

    get: async (id: number) => view(await requireRow(id)),

    create(input: CreateWelcomeMessageRequest): Promise<WelcomeMessage> {
      return save(null, {
        liveCodeId: null,
        staffUserId: null,
        departmentId: null,
        startsAt: null,
        endsAt: null,
        attachments: [],
        enabled: true,
        ...input,
      })
    },

    async update(id: number, change: UpdateWelcomeMessageRequest): Promise<WelcomeMessage> {
      const existing = await requireRow(id)
      const { updatedAt: _updatedAt, ...current } = await view(existing)
      return save(existing, { ...current, ...change })
    },

    /** Sends already made keep their record, without the message. */
    async remove(id: number): Promise<void> {
      await requireRow(id)
      await db.transaction(async (tx) => {
        await tx.update(welcomeSends).set({ welcomeMessageId: null }).where(eq(welcomeSends.welcomeMessageId, id))
        await tx.delete(welcomeMessages).where(eq(welcomeMessages.id, id))
      })
    },

    /** The live code's own welcome (its `welcomeText`): set, replaced, or switched off with null. */
    async setForLiveCode(tx: Tx, liveCode: { id: number; name: string }, text: string | null): Promise<void> {
      const existing = await liveCodeMessage(tx, liveCode.id)
      const at = now()
      if (text === null || !text.trim()) {
        if (existing) await tx.update(welcomeMessages).set({ enabled: false, updatedAt: at }).where(eq(welcomeMessages.id, existing.id))
        return
      }
      checkContent(text, [])
      if (existing) {
        await tx.update(welcomeMessages).set({ text, enabled: true, updatedAt: at }).where(eq(welcomeMessages.id, existing.id))
        return
      }
      await tx
        .insert(welcomeMessages)
        .values({ name: liveCode.name, scope: 'live_code', liveCodeId: liveCode.id, text, attachments: [], updatedAt: at })
    },

    async liveCodeText(liveCodeId: number): Promise<string | null> {
      const message = await liveCodeMessage(db, liveCodeId)
      return message?.enabled ? message.text : null
    },

    /**
     * The enabled message of the most specific scope matching an add: the live code it came
     * through, then the guide, the guide's departments (and the departments above them), a campaign running at
     * `at`, the default.
     * Within a scope the latest edited wins.
     */
    async choose(add: { liveCodeId: number | null; staffId: number; staffUserId: string; at: Date }): Promise<Row | undefined> {
      const rows = await db
        .select()
        .from(welcomeMessages)
        .where(eq(welcomeMessages.enabled, true))
        .orderBy(desc(welcomeMessages.updatedAt), desc(welcomeMessages.id))
      // Departments come from the member directory, asked only when a department message exists.
      let departments: number[] = []
      if (rows.some((row) => row.scope === 'department')) {
        departments = await wecom
          .getMember(add.staffUserId)
          .then((member) => withAncestors(member.department ?? []))
          .catch((error: unknown) => {
            log.warn({ err: error, userId: add.staffUserId }, 'member departments unavailable for the welcome message')
            return []
          })
      }
      const matches: Record<(typeof WELCOME_SCOPES)[number], (row: Row) => boolean> = {
        live_code: (row) => add.liveCodeId !== null && row.liveCodeId === add.liveCodeId,
        staff: (row) => row.staffId === add.staffId,
        department: (row) => row.departmentId !== null && departments.includes(row.departmentId),
        campaign: (row) => row.startsAt !== null && row.endsAt !== null && row.startsAt <= add.at && add.at < row.endsAt,
        default: () => true,
      }
      for (const scope of WELCOME_SCOPES) {
        const found = rows.find((row) => row.scope === scope && matches[scope](row))
        if (found) return found
      }
      return undefined
    },

    /** Records the send about to be made, once per WelcomeCode; undefined when it was already recorded. */
    async prepare(tx: Tx, send: Omit<WelcomeSend, 'id'>): Promise<WelcomeSend | undefined> {
      const [row] = await tx
        .insert(welcomeSends)
        .values({
          welcomeCode: send.welcomeCode,
          customerId: send.customerId,
          staffId: send.staffId,
          welcomeMessageId: send.welcomeMessageId,
          status: 'pending',
        })
        .onConflictDoNothing()
        .returning({ id: welcomeSends.id })
      return row ? { ...send, id: row.id } : undefined
    },

    /**
     * Sends within the code's lifetime. 41051 (sent already, by another app or an admin-configured
     * welcome) ends it as already_sent, 41050 as expired; a busy or unreachable WeCom is tried again
     * a few times while the code lives, then the send is left failed. Never retried later: the
     * code cannot outlive its 20 s.
     */
    async deliver(send: WelcomeSend, deadline: number): Promise<WelcomeSendStatus> {
      const body = await welcomeBody(send)
      let attempts = 0
      let status: WelcomeSendStatus = 'failed'
      let errcode: number | null = null
      for (;;) {
        attempts++
        try {
          await wecom.sendWelcomeMessage(body)
          status = 'sent'
          errcode = null
          break
        } catch (error) {
          if (!(error instanceof TencentApiError) && !(error instanceof TencentTransportError)) throw error
          errcode = error instanceof TencentApiError ? error.errcode : null
          if (errcode === ALREADY_SENT || errcode === EXPIRED) {
            status = errcode === ALREADY_SENT ? 'already_sent' : 'expired'
            break
          }
          const transient = errcode === null || TRANSIENT_ERRCODES.has(errcode)
          if (!transient || attempts >= MAX_ATTEMPTS) break
          // The code's 20 s run on WeCom's side in real time, whatever the business clock says.
          if (Date.now() + RETRY_DELAY_MS >= deadline) {
            status = 'expired'
            break
          }
          await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS))
        }
      }
      const at = now()
      await db.transaction(async (tx) => {
        const finished = await tx
          .update(welcomeSends)
          .set({ status, errcode, attempts, finishedAt: at })
          .where(and(eq(welcomeSends.id, send.id), eq(welcomeSends.status, 'pending')))
        if (rowsChanged(finished) === 0) return
        await recordTimelineEvent(tx, {
          customerId: send.customerId,
          type: 'wecom_welcome',
          staffId: send.staffId,
          occurredAt: at,
          data: { status, welcomeMessageId: send.welcomeMessageId, ...(errcode ? { errcode } : {}) },
        })
      })
      return status
    },
  }
}

export type WelcomeService = ReturnType<typeof createWelcomeService>

declare module 'fastify' {
  interface FastifyInstance {
    welcomeMessages: WelcomeService
  }
}

export default fp(
  async (app) => {
    const { withAncestors } = app.departments
    app.decorate('welcomeMessages', createWelcomeService({ ...serviceDeps(app), wecom: app.wecom, staff: app.staff, fileLibrary: app.fileLibrary, withAncestors }))
  },
  { name: 'welcome-messages', dependencies: ['db', 'clock', 'tencent-clients', 'staff', 'departments', 'file-library'] },
)
