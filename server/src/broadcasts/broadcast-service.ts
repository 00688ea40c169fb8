// Customer broadcasts (客户群发 / 客户群群发). WeCom sends nothing by itself: add_msg_template gives each staff
// member a task they confirm in their client, and only then does WeCom decide per customer (sent, not a
// friend, over the receive rule). So the product composes and checks the content, resolves the audience when
// it is sent (one staff member per customer, ≤ 10,000 a call), holds back those the receive rule would refuse
// (counted from what it delivered), follows every task until it is final, reminds (three a day) and cancels.
import { and, asc, count, desc, eq, gt, gte, inArray, isNotNull, isNull, lte, max, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm'
import {
  broadcastContentProblem,
  MAX_BROADCAST_CUSTOMERS_PER_CALL,
  MAX_BROADCAST_GROUPS_PER_CALL,
  MAX_BROADCAST_REMINDERS_PER_DAY,
  quotaPeriod,
  type AudienceFilter,
  type BroadcastAttachment,
  type BroadcastCounts,
  type BroadcastDetail,
  type BroadcastListQuery,
  type BroadcastPage,
  type BroadcastPreview,
  type BroadcastPreviewRequest,
  type BroadcastRecipientPage,
  type BroadcastRecipientQuery,
  type BroadcastRecipientStatus,
  type BroadcastSummary,
  type CreateBroadcastRequest,
  NO_CUSTOMER,
  type Todo,
} from '@liuliang/shared'
import { TencentApiError } from '../clients/tencent-client'
import type { FileLibraryService } from '../materials/file-library-service'
import type { WecomClient } from '../clients/wecom-client'
import type { GroupMessageBody } from '../clients/wecom-group-messages'
import { afterCommit, first, isUniqueViolation, rowsChanged, runStatement, type Tx } from '../db'
import { selectBoundRows } from '../db/bound-rows'
import { inIds } from '../db/id-list'
import { readApartInPages } from '../db/read-apart-pages'
import { cursorBefore, pageOf } from '../db/paging'
import { uploadBroadcastImage } from './broadcast-media'
import {
  broadcastRecipients,
  broadcastReminders,
  broadcasts,
  broadcastTasks,
  customerFollows,
  customers,
  groupChats,
  staff,
} from '../db/schema'
import { AppError, badRequest, conflict, notFound } from '../errors'
import type { Scheduler } from '../scheduler/scheduler'
import type { ServiceDeps } from '../services'
import type { SettingsService } from '../settings/settings-service'
import { addToGroup } from '../grouping'

export const BROADCAST_SEND_JOB = 'broadcasts.send'
export const BROADCAST_SYNC_JOB = 'broadcasts.sync'

type BroadcastRow = typeof broadcasts.$inferSelect
type Recipient = { customerId: number | null; groupChatId: number | null; wecomId: string; staffId: number }

const DAY_MS = 24 * 3600 * 1000
/** A send still under way this long after its time is taken for one a server did not finish. */
const STALLED_SEND_MS = 30 * 60 * 1000
/** 41063: WeCom is still handing the broadcast out; its tasks are read on the next look. */
const DISPATCHING = 41063
const RESULT_STATUS: Record<number, BroadcastRecipientStatus> = { 0: 'pending', 1: 'sent', 2: 'not_friend', 3: 'over_quota' }
const FINAL_STATUSES = ['done', 'cancelled', 'failed'] as const

/** A task's recipients as they are bound: ten thousand rows in one short statement. */
const RECIPIENT_COLUMNS = { customer_id: 'integer', group_chat_id: 'integer', wecom_id: 'text', status: 'text' } as const

const chunks = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size))

export interface BroadcastDeps extends ServiceDeps {
  timeZone: string
  wecom: WecomClient
  scheduler: Scheduler
  settings: SettingsService
  fileLibrary: FileLibraryService
  /** The audience filter as SQL over customers: the one the customer list and counts use. */
  audienceCondition: (filter: AudienceFilter) => Promise<SQL | undefined>
  /** How often tasks still waiting for staff are read from WeCom. */
  syncIntervalMs: number
  /**
   * How long the console's 发送 waits for the send before answering with it under way: a brand's whole
   * audience takes tens of seconds to split into tasks, longer than a proxy holds a request open.
   */
  answerWithinMs: number
  /**
   * How long after sending a broadcast is still followed. WeCom does not say when an unconfirmed task
   * lapses; past this the broadcast is closed and whoever has not received it stays 未发送.
   */
  followForMs: number
}

export function createBroadcastService(deps: BroadcastDeps) {
  const { db, now, log, timeZone, wecom, scheduler, settings, fileLibrary, audienceCondition, syncIntervalMs, answerWithinMs, followForMs } = deps
  /** Sends under way on this server: a close waits for them rather than leaving one to be resumed. */
  const running = new Set<Promise<void>>()

  async function requireBroadcast(id: number): Promise<BroadcastRow> {
    const row = await first(db.select().from(broadcasts).where(eq(broadcasts.id, id)))
    if (!row) throw notFound('BROADCAST_NOT_FOUND', '没有这条群发')
    return row
  }

  // ---- Who receives it ----

  /**
   * Each customer of the audience a guide still follows, with the one guide who sends to them: among the
   * guides the filter names, else any, the one they added last (WeCom hands it to whoever chatted last,
   * which it does not tell; the newest relation is the nearest we know).
   */
  async function resolveCustomers(filter: AudienceFilter): Promise<{ total: number; recipients: Recipient[] }> {
    const condition = await audienceCondition(filter)
    const guides = filter.staffUserIds?.length
      ? inArray(customerFollows.staffId, db.select({ id: staff.id }).from(staff).where(inArray(staff.userId, filter.staffUserIds)))
      : undefined
    // Both read every customer the filter leaves (a whole brand's, for a broadcast to everyone): long
    // reads, apart from the requests' thread, the recipients in pages of customer ids.
    const [summary] = await db.readApart<{ n: number | string; last: number | string | null }>(
      db.select({ n: count().as('n'), last: max(customers.id).as('last') }).from(customers).where(condition).getSQL(),
    )
    const recipients: Recipient[] = []
    await readApartInPages<{ customer_id: number; wecom_id: string; staff_id: number }>(
      db,
      Number(summary?.last ?? 0),
      (after, upTo) =>
        db
          .select({
            customerId: sql`${customers.id}`.as('customer_id'),
            wecomId: sql`${customers.externalUserId}`.as('wecom_id'),
            staffId: sql`${customerFollows.staffId}`.as('staff_id'),
          })
          .from(customers)
          .innerJoin(customerFollows, and(eq(customerFollows.customerId, customers.id), eq(customerFollows.status, 'active'), guides))
          .where(and(condition, isNotNull(customers.externalUserId), gt(customers.id, after), lte(customers.id, upTo)))
          .orderBy(asc(customers.id), desc(customerFollows.lastAddedAt), asc(customerFollows.staffId))
          .getSQL(),
      (rows) => {
        for (const row of rows) {
          const customerId = Number(row.customer_id)
          if (recipients.at(-1)?.customerId === customerId) continue
          recipients.push({ customerId, groupChatId: null, wecomId: row.wecom_id, staffId: Number(row.staff_id) })
        }
      },
    )
    return { total: Number(summary?.n ?? 0), recipients }
  }

  /** The live groups chosen, or every live group of these owners; the owner sends. */
  async function resolveGroups(groupChatIds: number[] = [], ownerUserIds: string[] = []): Promise<{ total: number; recipients: Recipient[] }> {
    const chosen = [
      groupChatIds.length ? inArray(groupChats.id, groupChatIds) : undefined,
      ownerUserIds.length ? inArray(groupChats.ownerStaffId, db.select({ id: staff.id }).from(staff).where(inArray(staff.userId, ownerUserIds))) : undefined,
    ].filter(Boolean) as SQL[]
    if (chosen.length === 0) return { total: 0, recipients: [] }
    const rows = await db
      .select({ groupChatId: groupChats.id, wecomId: groupChats.chatId, staffId: groupChats.ownerStaffId })
      .from(groupChats)
      .where(and(or(...chosen), isNull(groupChats.dismissedAt)))
      .orderBy(asc(groupChats.id))
    return { total: rows.length, recipients: rows.map((row) => ({ ...row, customerId: null })) }
  }

  const resolve = (audience: BroadcastPreviewRequest) =>
    audience.chatType === 'single' ? resolveCustomers(audience.filter ?? {}) : resolveGroups(audience.groupChatIds, audience.ownerUserIds)

  const keyOf = (chatType: 'single' | 'group', recipient: Recipient) => (chatType === 'single' ? recipient.customerId : recipient.groupChatId) as number

  /**
   * Recipients who have had the rule's allowance delivered this period: WeCom would refuse them (status 3).
   * A whole brand's audience is one statement with its ids bound as one value, on the long-read worker:
   * built in chunks of 5,000 bound ids on the requests' thread, it held every request for seconds.
   */
  async function overQuota(chatType: 'single' | 'group', recipients: Recipient[]): Promise<Set<number>> {
    if (recipients.length === 0) return new Set()
    const { quotaRule } = await settings.broadcastRules()
    const { from, allowed } = quotaPeriod(quotaRule, now(), timeZone)
    const column = chatType === 'single' ? broadcastRecipients.customerId : broadcastRecipients.groupChatId
    const ids = recipients.map((r) => keyOf(chatType, r))
    const rows = await db.readApart<{ id: number | string }>(
      db
        .select({ id: sql`${column}`.as('id') })
        .from(broadcastRecipients)
        .where(and(inIds(column, ids), eq(broadcastRecipients.status, 'sent'), gte(broadcastRecipients.sentAt, from)))
        .groupBy(column)
        .having(gte(count(), allowed))
        .getSQL(),
    )
    return new Set(rows.map((row) => Number(row.id)))
  }

  async function preview(audience: BroadcastPreviewRequest): Promise<BroadcastPreview> {
    checkAudience(audience)
    const { total, recipients } = await resolve(audience)
    const full = await overQuota(audience.chatType, recipients)
    const { quotaRule } = await settings.broadcastRules()
    return { total, reachable: recipients.length, overQuota: full.size, senders: new Set(recipients.map((r) => r.staffId)).size, quotaRule }
  }

  function checkAudience(audience: BroadcastPreviewRequest): void {
    if (audience.chatType === 'single' && (audience.groupChatIds || audience.ownerUserIds)) {
      throw badRequest('BROADCAST_AUDIENCE_MISMATCH', '客户群发请用客户筛选条件选择客户')
    }
    if (audience.chatType === 'group') {
      if (audience.filter) throw badRequest('BROADCAST_AUDIENCE_MISMATCH', '客户群群发请选择客户群或群主')
      if (!audience.groupChatIds?.length && !audience.ownerUserIds?.length) throw badRequest('BROADCAST_NO_GROUPS', '请选择客户群或群主')
    }
  }

  // ---- Composing and sending ----

  async function create(input: CreateBroadcastRequest, idempotencyKey?: string): Promise<BroadcastDetail> {
    checkAudience(input)
    const problem = broadcastContentProblem(input.text, input.attachments)
    if (problem) throw badRequest(problem.code, problem.message)
    const at = now()
    const sendAt = input.sendAt ? new Date(input.sendAt) : at
    if (sendAt.getTime() < at.getTime() - 60_000) throw badRequest('BROADCAST_SEND_AT_PAST', '发送时间不能早于现在')
    const attachments = await fileLibrary.withFileNames(input.attachments)
    let id: number
    try {
      id = await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(broadcasts)
          .values({
            name: input.name.trim(),
            chatType: input.chatType,
            status: 'scheduled',
            text: input.text,
            attachments,
            filter: input.chatType === 'single' ? (input.filter ?? {}) : null,
            groupChatIds: input.groupChatIds ?? null,
            ownerUserIds: input.ownerUserIds ?? null,
            idempotencyKey: idempotencyKey ?? null,
            sendAt,
          })
          .returning({ id: broadcasts.id })
        const created = (row as { id: number }).id
        if (sendAt > at) await scheduler.schedule(tx, { kind: BROADCAST_SEND_JOB, key: String(created), runAt: sendAt, payload: { broadcastId: created } })
        return created
      })
    } catch (error) {
      // The same create retried: the first broadcast answers it, sent once.
      if (!idempotencyKey || !isUniqueViolation(error)) throw error
      const existing = await first(db.select({ id: broadcasts.id }).from(broadcasts).where(eq(broadcasts.idempotencyKey, idempotencyKey)))
      if (!existing) throw error
      return detail(existing.id)
    }
    if (sendAt <= at) await sendAnswering(id)
    return detail(id)
  }

  /** What the attachments are in add_msg_template, images and the library's files uploaded now (a media id lives three days). */
  async function wecomAttachments(attachments: BroadcastAttachment[]): Promise<Record<string, unknown>[]> {
    const upload = (url: string) => uploadBroadcastImage(wecom, url)
    const result: Record<string, unknown>[] = []
    for (const attachment of attachments) {
      if (attachment.type === 'image') result.push({ msgtype: 'image', image: { media_id: await upload(attachment.picUrl) } })
      if (attachment.type === 'link') {
        const { title, url, desc, picUrl } = attachment
        result.push({ msgtype: 'link', link: { title, url, ...(desc ? { desc } : {}), ...(picUrl ? { picurl: picUrl } : {}) } })
      }
      if (attachment.type === 'miniprogram') {
        const { title, appid, page, picUrl } = attachment
        result.push({ msgtype: 'miniprogram', miniprogram: { title, appid, page, pic_media_id: await upload(picUrl) } })
      }
      if (attachment.type === 'file') {
        // Saved before the file left the library, the broadcast still sends it.
        const { kind, mediaId } = await fileLibrary.mediaFor(attachment.fileId, { evenRemoved: true })
        result.push({ msgtype: kind, [kind]: { media_id: mediaId } })
      }
    }
    return result
  }

  /**
   * Counts the recipients of the tasks `which` picks (a condition on recipients) again, by status, onto
   * their tasks: called in the unit of work that changed them, so the counts never disagree with the rows.
   */
  async function recountTasks(tx: Tx, which: SQL): Promise<void> {
    const counted = (status: BroadcastRecipientStatus) => sql`sum(case when ${broadcastRecipients.status} = ${status} then 1 else 0 end)`
    await runStatement(
      tx,
      sql`update ${broadcastTasks} set recipients = counted.n, recipients_pending = counted.pending, recipients_sent = counted.sent,
          recipients_not_friend = counted.not_friend, recipients_over_quota = counted.over_quota, recipients_failed = counted.failed
        from (select ${broadcastRecipients.taskId} as task_id, count(*) as n, ${counted('pending')} as pending, ${counted('sent')} as sent,
            ${counted('not_friend')} as not_friend, ${counted('over_quota')} as over_quota, ${counted('failed')} as failed
          from ${broadcastRecipients} where ${which} group by ${broadcastRecipients.taskId}) as counted
        where counted.task_id = ${broadcastTasks.id}`,
    )
  }

  /** The recipients `which` picks that are still pending fail (their task or broadcast did), counted again. */
  async function failPending(tx: Tx, which: SQL): Promise<void> {
    await tx.update(broadcastRecipients).set({ status: 'failed' }).where(and(which, eq(broadcastRecipients.status, 'pending')))
    await recountTasks(tx, which)
  }

  /** Before WeCom was asked for anything: the tasks a resumed send had written are failed with it, their customers too. */
  async function markFailed(id: number, failure: string): Promise<void> {
    await db.transaction(async (tx) => {
      await tx.update(broadcasts).set({ status: 'failed', failure, finishedAt: now() }).where(eq(broadcasts.id, id))
      await tx.update(broadcastTasks).set({ status: 'failed' }).where(and(eq(broadcastTasks.broadcastId, id), eq(broadcastTasks.status, 'queued')))
      await failPending(tx, eq(broadcastRecipients.broadcastId, id))
    })
  }

  /**
   * Sends a broadcast that is due: taken once (scheduled → sending), whoever asks (the console, the scheduled
   * job, two servers); the audience is resolved now, split per staff member in calls of WeCom's size, and
   * each call's msgid and fail_list recorded. Answers whether this call took it; the send runs on, followed
   * until it ends (a failure is logged; the broadcast shows it).
   */
  async function send(id: number): Promise<{ sending: Promise<void> } | null> {
    const taken = await db.transaction(async (tx) => {
      const at = now()
      const claimed = rowsChanged(
        await tx.update(broadcasts).set({ status: 'sending', sendingSince: at }).where(and(eq(broadcasts.id, id), eq(broadcasts.status, 'scheduled'))),
      )
      // The sync also finishes a send this server may not live to finish.
      if (claimed > 0) await scheduleSync(tx, at)
      return claimed
    })
    if (taken === 0) return null
    const sending = (async () => {
      const row = await requireBroadcast(id)
      await carryOnSending(row, await attachmentsOf(row))
    })()
    running.add(sending)
    sending
      .catch((error: unknown) => log.warn({ err: error, broadcastId: id }, 'broadcast send failed'))
      .finally(() => running.delete(sending))
    return { sending }
  }

  /**
   * The console's send: answers when the send is over, or after `answerWithinMs` with it under way (the
   * detail then follows it). A failure within that time is the answer's, as before a task reached WeCom.
   */
  async function sendAnswering(id: number): Promise<void> {
    const taken = await send(id)
    if (!taken) return
    let timer: NodeJS.Timeout | undefined
    const answerAnyway = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, answerWithinMs)
    })
    try {
      await Promise.race([taken.sending, answerAnyway])
    } finally {
      clearTimeout(timer)
    }
  }

  /**
   * The attachments as WeCom takes them. Until every task is written WeCom has been asked for none, so a
   * broadcast whose attachments cannot be uploaded then fails, with the tasks already written, rather than
   * waiting to be resumed.
   */
  async function attachmentsOf(row: BroadcastRow): Promise<Record<string, unknown>[]> {
    try {
      return await wecomAttachments(row.attachments)
    } catch (error) {
      if (!row.tasksWrittenAt) await markFailed(row.id, error instanceof AppError ? error.message : '附件无法上传到企业微信')
      throw error
    }
  }

  /** What a taken send still has to do: write its tasks, ask WeCom for those queued, and settle its status. */
  async function carryOnSending(row: BroadcastRow, attachments: Record<string, unknown>[]): Promise<void> {
    if (!row.tasksWrittenAt) await writeTasks(row)
    await callQueued(row, attachments)
    await finishSending(row.id)
  }

  /**
   * Writes every task with its recipients before WeCom is asked, so a result always has its row. Each task
   * is a unit of work of its own: a broadcast to a million customers lets other writes through between its
   * hundred tasks instead of holding the writer for all of them. A send resumed after a restart resolves its
   * audience again and writes only those no task holds yet, numbering each staff member's calls on.
   */
  async function writeTasks(row: BroadcastRow): Promise<void> {
    const audience = { chatType: row.chatType, filter: row.filter ?? undefined, groupChatIds: row.groupChatIds ?? undefined, ownerUserIds: row.ownerUserIds ?? undefined }
    const [{ recipients }, written, lastBatches] = await Promise.all([
      resolve(audience),
      db.select({ wecomId: broadcastRecipients.wecomId }).from(broadcastRecipients).where(eq(broadcastRecipients.broadcastId, row.id)),
      db
        .select({ staffId: broadcastTasks.staffId, batch: max(broadcastTasks.batch) })
        .from(broadcastTasks)
        .where(eq(broadcastTasks.broadcastId, row.id))
        .groupBy(broadcastTasks.staffId),
    ])
    const writtenIds = new Set(written.map((recipient) => recipient.wecomId))
    const unwritten = recipients.filter((recipient) => !writtenIds.has(recipient.wecomId))
    const full = await overQuota(row.chatType, unwritten)
    const size = row.chatType === 'single' ? MAX_BROADCAST_CUSTOMERS_PER_CALL : MAX_BROADCAST_GROUPS_PER_CALL
    const byStaff = new Map<number, Recipient[]>()
    for (const recipient of unwritten) addToGroup(byStaff, recipient.staffId, recipient)
    const nextBatch = new Map(lastBatches.map((last) => [last.staffId, (last.batch ?? -1) + 1]))

    for (const [staffId, mine] of byStaff) {
      for (const [index, part] of chunks(mine, size).entries()) {
        await db.transaction(async (tx) => {
          const sendable = part.some((r) => !full.has(keyOf(row.chatType, r)))
          const [task] = await tx
            .insert(broadcastTasks)
            .values({ broadcastId: row.id, staffId, batch: (nextBatch.get(staffId) ?? 0) + index, status: sendable ? 'queued' : 'sent' })
            .returning({ id: broadcastTasks.id })
          const taskId = (task as { id: number }).id
          // Held back: WeCom would refuse them (status 3), and the staff member would send for nothing.
          const status = (r: Recipient): BroadcastRecipientStatus => (full.has(keyOf(row.chatType, r)) ? 'over_quota' : 'pending')
          const rows = part.map((r) => [r.customerId, r.groupChatId, r.wecomId, status(r)])
          await runStatement(
            tx,
            sql`insert into ${broadcastRecipients} (broadcast_id, task_id, customer_id, group_chat_id, wecom_id, status)
              select cast(${row.id} as integer), cast(${taskId} as integer), customer_id, group_chat_id, wecom_id, status
              from (${selectBoundRows(RECIPIENT_COLUMNS, rows)}) as bound`,
          )
          await recountTasks(tx, eq(broadcastRecipients.taskId, taskId))
        })
      }
    }
    await db.transaction(async (tx) => {
      await tx.update(broadcasts).set({ tasksWrittenAt: now() }).where(eq(broadcasts.id, row.id))
    })
  }

  /** add_msg_template for each queued task, each taken first (queued → calling) so no task is asked for twice. */
  async function callQueued(row: BroadcastRow, attachments: Record<string, unknown>[]): Promise<void> {
    const tasks = await db
      .select({ id: broadcastTasks.id, sender: staff.userId })
      .from(broadcastTasks)
      .innerJoin(staff, eq(staff.id, broadcastTasks.staffId))
      .where(and(eq(broadcastTasks.broadcastId, row.id), eq(broadcastTasks.status, 'queued')))
      .orderBy(asc(broadcastTasks.id))
    const content = { ...(row.text.trim() ? { text: { content: row.text } } : {}), ...(attachments.length ? { attachments } : {}) }
    for (const task of tasks) {
      const taken = await db.transaction(async (tx) =>
        rowsChanged(await tx.update(broadcastTasks).set({ status: 'calling' }).where(and(eq(broadcastTasks.id, task.id), eq(broadcastTasks.status, 'queued')))),
      )
      if (taken === 0) continue
      const recipients = await db
        .select({ wecomId: broadcastRecipients.wecomId })
        .from(broadcastRecipients)
        .where(and(eq(broadcastRecipients.taskId, task.id), eq(broadcastRecipients.status, 'pending')))
      const wecomIds = recipients.map((r) => r.wecomId)
      const body: GroupMessageBody = {
        chat_type: row.chatType,
        sender: task.sender,
        ...(row.chatType === 'single' ? { external_userid: wecomIds } : { chat_id_list: wecomIds }),
        ...content,
      }
      try {
        const { msgid, failList } = await wecom.groupMessages.add(body)
        await db.transaction(async (tx) => {
          await tx.update(broadcastTasks).set({ status: 'waiting', msgid }).where(eq(broadcastTasks.id, task.id))
          for (const part of chunks(failList, 500)) {
            await tx
              .update(broadcastRecipients)
              .set({ status: 'failed' })
              .where(and(eq(broadcastRecipients.taskId, task.id), inArray(broadcastRecipients.wecomId, part)))
          }
          if (failList.length > 0) await recountTasks(tx, eq(broadcastRecipients.taskId, task.id))
        })
      } catch (error) {
        if (!(error instanceof TencentApiError)) throw error
        log.warn({ err: error, broadcastId: row.id, taskId: task.id }, 'add_msg_template refused')
        await failTask(task.id, error.errcode)
      }
    }
  }

  async function failTask(taskId: number, errcode: number | null): Promise<void> {
    await db.transaction(async (tx) => {
      await tx.update(broadcastTasks).set({ status: 'failed', errcode }).where(eq(broadcastTasks.id, taskId))
      await failPending(tx, eq(broadcastRecipients.taskId, taskId))
    })
  }

  /** After the calls: waiting for staff, or finished (nothing to send, or WeCom refused every call). */
  async function finishSending(id: number): Promise<void> {
    await db.transaction(async (tx) => {
      const tasks = await tx.select({ status: broadcastTasks.status }).from(broadcastTasks).where(eq(broadcastTasks.broadcastId, id))
      const waiting = tasks.some((task) => task.status === 'waiting')
      const failedAll = tasks.length > 0 && tasks.every((task) => task.status === 'failed')
      const status = waiting ? 'waiting' : failedAll ? 'failed' : 'done'
      await tx
        .update(broadcasts)
        .set({ status, ...(waiting ? {} : { finishedAt: now() }), ...(failedAll ? { failure: '企业微信拒绝了全部发送请求' } : {}) })
        .where(and(eq(broadcasts.id, id), eq(broadcasts.status, 'sending')))
      if (waiting) await scheduleSync(tx, now())
    })
  }

  /**
   * A send a server did not finish (a restart in the middle), taken again by one server: the tasks not yet
   * written are written, queued tasks are asked for now; a task taken but not answered may or may not exist
   * in WeCom, so it is not asked again but shown as failed.
   */
  async function resumeStalled(): Promise<void> {
    const stalled = await db
      .select()
      .from(broadcasts)
      .where(and(eq(broadcasts.status, 'sending'), lte(broadcasts.sendingSince, new Date(now().getTime() - STALLED_SEND_MS))))
    for (const row of stalled) {
      const taken = await db.transaction(async (tx) =>
        rowsChanged(
          await tx
            .update(broadcasts)
            .set({ sendingSince: now() })
            .where(and(eq(broadcasts.id, row.id), eq(broadcasts.status, 'sending'), eq(broadcasts.sendingSince, row.sendingSince as Date))),
        ),
      )
      if (taken === 0) continue
      const calling = await db
        .select({ id: broadcastTasks.id })
        .from(broadcastTasks)
        .where(and(eq(broadcastTasks.broadcastId, row.id), eq(broadcastTasks.status, 'calling')))
      for (const task of calling) await failTask(task.id, null)
      await carryOnSending(row, await attachmentsOf(row))
    }
  }

  // ---- Following the tasks ----

  async function scheduleSync(tx: Tx, at: Date): Promise<void> {
    const runAt = new Date(at.getTime() + syncIntervalMs)
    await scheduler.schedule(tx, { kind: BROADCAST_SYNC_JOB, key: String(runAt.getTime()), runAt })
  }

  /** Reads one broadcast's waiting tasks from WeCom (tasks, then each confirmed member's results, by cursor). */
  async function sync(id: number): Promise<void> {
    const tasks = await db
      .select({ id: broadcastTasks.id, msgid: broadcastTasks.msgid, userId: staff.userId })
      .from(broadcastTasks)
      .innerJoin(staff, eq(staff.id, broadcastTasks.staffId))
      .where(and(eq(broadcastTasks.broadcastId, id), eq(broadcastTasks.status, 'waiting')))
    for (const task of tasks) {
      const msgid = task.msgid as string
      try {
        const mine = (await wecom.groupMessages.tasks(msgid)).find((entry) => entry.userid === task.userId)
        if (mine?.status !== 2) continue
        const results = await wecom.groupMessages.results(msgid, task.userId)
        await db.transaction(async (tx) => {
          const groups = new Map<string, string[]>()
          for (const result of results) {
            const key = `${RESULT_STATUS[result.status] ?? 'pending'}|${result.send_time ?? ''}`
            addToGroup(groups, key, (result.external_userid ?? result.chat_id) as string)
          }
          for (const [key, ids] of groups) {
            const [status, sendTime] = key.split('|') as [BroadcastRecipientStatus, string]
            for (const part of chunks(ids, 500)) {
              await tx
                .update(broadcastRecipients)
                .set({ status, sentAt: sendTime ? new Date(Number(sendTime) * 1000) : null })
                // Ours are final already where we decided them (held back, refused in fail_list).
                .where(and(eq(broadcastRecipients.taskId, task.id), inArray(broadcastRecipients.wecomId, part), eq(broadcastRecipients.status, 'pending')))
            }
          }
          await tx
            .update(broadcastTasks)
            .set({ status: 'sent', confirmedAt: new Date((mine.send_time ?? Math.floor(now().getTime() / 1000)) * 1000) })
            .where(eq(broadcastTasks.id, task.id))
          await recountTasks(tx, eq(broadcastRecipients.taskId, task.id))
        })
      } catch (error) {
        if (error instanceof TencentApiError && error.errcode === DISPATCHING) continue
        log.warn({ err: error, broadcastId: id, msgid }, 'broadcast results could not be read')
      }
    }
    await db.transaction(async (tx) => {
      const open = await first(
        tx.select({ n: count() }).from(broadcastTasks).where(and(eq(broadcastTasks.broadcastId, id), inArray(broadcastTasks.status, ['queued', 'calling', 'waiting']))),
      )
      const at = now()
      const row = await first(tx.select({ sendAt: broadcasts.sendAt }).from(broadcasts).where(eq(broadcasts.id, id)))
      const lapsed = row !== undefined && at.getTime() - row.sendAt.getTime() > followForMs
      const finished = (open?.n ?? 0) === 0 || lapsed
      await tx
        .update(broadcasts)
        .set({ syncedAt: at, ...(finished ? { status: 'done', finishedAt: at } : {}) })
        .where(and(eq(broadcasts.id, id), eq(broadcasts.status, 'waiting')))
    })
  }

  /** Every broadcast still waiting for staff; answers how many still wait. */
  async function syncAll(): Promise<number> {
    await resumeStalled()
    const waiting = await db.select({ id: broadcasts.id }).from(broadcasts).where(eq(broadcasts.status, 'waiting')).orderBy(asc(broadcasts.id))
    for (const { id } of waiting) await sync(id)
    return (await first(db.select({ n: count() }).from(broadcasts).where(eq(broadcasts.status, 'waiting'))))?.n ?? 0
  }

  /** The scheduled look: plans the next one while anything waits, and reads WeCom after the commit. */
  async function syncJob(tx: Tx, at: Date): Promise<void> {
    const open = await first(tx.select({ n: count() }).from(broadcasts).where(inArray(broadcasts.status, ['waiting', 'sending'])))
    if ((open?.n ?? 0) === 0) return
    await scheduleSync(tx, at)
    afterCommit(() => {
      syncAll().catch((error: unknown) => log.warn({ err: error }, 'broadcast sync failed'))
    })
  }

  // ---- Remind and cancel ----

  /** The last three reminders decide: a fourth within 24 hours of the oldest of them is refused. */
  async function reminderState(id: number, at: Date): Promise<{ left: number; nextAt: Date | null; lastSeq: number }> {
    const recent = await db
      .select({ seq: broadcastReminders.seq, at: broadcastReminders.at })
      .from(broadcastReminders)
      .where(eq(broadcastReminders.broadcastId, id))
      .orderBy(desc(broadcastReminders.seq))
      .limit(MAX_BROADCAST_REMINDERS_PER_DAY)
    const within = recent.filter((r) => r.at.getTime() > at.getTime() - DAY_MS)
    const left = MAX_BROADCAST_REMINDERS_PER_DAY - within.length
    const oldest = within.at(-1)
    return { left, nextAt: left > 0 || !oldest ? null : new Date(oldest.at.getTime() + DAY_MS), lastSeq: recent[0]?.seq ?? 0 }
  }

  async function remind(id: number): Promise<BroadcastDetail> {
    const row = await requireBroadcast(id)
    if (row.status !== 'waiting') throw conflict('BROADCAST_NOT_WAITING', '只有等待员工确认的群发可以提醒')
    // Those who confirmed meanwhile are not reminded.
    await sync(id)
    const at = now()
    const state = await reminderState(id, at)
    if (state.left <= 0) throw conflict('BROADCAST_REMINDER_LIMIT', `24 小时内最多提醒 ${MAX_BROADCAST_REMINDERS_PER_DAY} 次，下次可提醒时间 ${state.nextAt?.toISOString()}`)
    try {
      // Numbered: of two reminders at once, one takes the number and the other is refused.
      await db.transaction(async (tx) => {
        await tx.insert(broadcastReminders).values({ broadcastId: id, seq: state.lastSeq + 1, at })
      })
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('BROADCAST_REMINDER_BUSY', '刚刚已发送提醒，请稍后再试')
      throw error
    }
    const waiting = await db
      .select({ msgid: broadcastTasks.msgid })
      .from(broadcastTasks)
      .where(and(eq(broadcastTasks.broadcastId, id), eq(broadcastTasks.status, 'waiting')))
    for (const { msgid } of waiting) {
      try {
        await wecom.groupMessages.remind(msgid as string)
      } catch (error) {
        if (!(error instanceof TencentApiError)) throw error
        log.warn({ err: error, broadcastId: id, msgid }, 'remind_groupmsg_send refused')
      }
    }
    return detail(id)
  }

  /** Stops what staff have not sent: WeCom's tasks are cancelled; what was sent stays sent. */
  async function cancel(id: number): Promise<BroadcastDetail> {
    const row = await requireBroadcast(id)
    if ((FINAL_STATUSES as readonly string[]).includes(row.status)) throw conflict('BROADCAST_FINISHED', '这条群发已结束，无法取消')
    const cancelledScheduled = await db.transaction(async (tx) =>
      rowsChanged(
        await tx.update(broadcasts).set({ status: 'cancelled', finishedAt: now() }).where(and(eq(broadcasts.id, id), eq(broadcasts.status, 'scheduled'))),
      ),
    )
    if (cancelledScheduled > 0) return detail(id)
    if (row.status === 'sending') throw conflict('BROADCAST_SENDING', '群发正在创建，请稍后再取消')
    await sync(id)
    const waiting = await db
      .select({ id: broadcastTasks.id, msgid: broadcastTasks.msgid })
      .from(broadcastTasks)
      .where(and(eq(broadcastTasks.broadcastId, id), eq(broadcastTasks.status, 'waiting')))
    for (const task of waiting) {
      await wecom.groupMessages.cancel(task.msgid as string)
      await db.transaction(async (tx) => {
        await tx.update(broadcastTasks).set({ status: 'cancelled' }).where(and(eq(broadcastTasks.id, task.id), eq(broadcastTasks.status, 'waiting')))
      })
    }
    await db.transaction(async (tx) => {
      await tx
        .update(broadcasts)
        .set({ status: waiting.length ? 'cancelled' : 'done', finishedAt: now() })
        .where(and(eq(broadcasts.id, id), eq(broadcasts.status, 'waiting')))
    })
    return detail(id)
  }

  // ---- Reading ----

  /** Each broadcast's progress, summed from its tasks' counts. */
  async function countsOf(ids: number[]): Promise<Map<number, BroadcastCounts>> {
    const empty = (): BroadcastCounts => ({ recipients: 0, pending: 0, sent: 0, notFriend: 0, overQuota: 0, failed: 0, staff: 0, staffConfirmed: 0 })
    const result = new Map(ids.map((id) => [id, empty()]))
    if (ids.length === 0) return result
    const total = (column: SQLWrapper) => sql<number>`coalesce(sum(${column}), 0)`.mapWith(Number)
    const rows = await db
      .select({
        id: broadcastTasks.broadcastId,
        recipients: total(broadcastTasks.recipients),
        pending: total(broadcastTasks.recipientsPending),
        sent: total(broadcastTasks.recipientsSent),
        notFriend: total(broadcastTasks.recipientsNotFriend),
        overQuota: total(broadcastTasks.recipientsOverQuota),
        failed: total(broadcastTasks.recipientsFailed),
        staff: count(),
        staffConfirmed: total(sql`case when ${broadcastTasks.status} = 'sent' then 1 else 0 end`),
      })
      .from(broadcastTasks)
      .where(inArray(broadcastTasks.broadcastId, ids))
      .groupBy(broadcastTasks.broadcastId)
    for (const { id, ...counts } of rows) result.set(id, counts)
    return result
  }

  const summaryOf = (row: BroadcastRow, counts: BroadcastCounts): BroadcastSummary => ({
    id: row.id,
    name: row.name,
    chatType: row.chatType,
    status: row.status,
    text: row.text,
    attachmentCount: row.attachments.length,
    sendAt: row.sendAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    syncedAt: row.syncedAt?.toISOString() ?? null,
    failure: row.failure,
    counts,
  })

  async function list(query: BroadcastListQuery): Promise<BroadcastPage> {
    const limit = query.limit ?? 20
    const rows = await db
      .select()
      .from(broadcasts)
      .where(and(cursorBefore(broadcasts.id, query.cursor), query.status ? eq(broadcasts.status, query.status) : undefined))
      .orderBy(desc(broadcasts.id))
      .limit(limit + 1)
    const counts = await countsOf(rows.slice(0, limit).map((row) => row.id))
    return pageOf(rows, limit, (row) => summaryOf(row, counts.get(row.id) as BroadcastCounts))
  }

  async function detail(id: number): Promise<BroadcastDetail> {
    const row = await requireBroadcast(id)
    const counts = (await countsOf([id])).get(id) as BroadcastCounts
    const tasks = await db
      .select({ task: broadcastTasks, userId: staff.userId, name: staff.name })
      .from(broadcastTasks)
      .innerJoin(staff, eq(staff.id, broadcastTasks.staffId))
      .where(eq(broadcastTasks.broadcastId, id))
      .orderBy(asc(broadcastTasks.id))
    const reminders = await reminderState(id, now())
    return {
      ...summaryOf(row, counts),
      attachments: row.attachments,
      audience: { filter: row.filter, groupChatIds: row.groupChatIds, ownerUserIds: row.ownerUserIds },
      tasks: tasks.map(({ task, userId, name }) => ({
        id: task.id,
        staff: { userId, name },
        status: task.status,
        msgid: task.msgid,
        errcode: task.errcode,
        confirmedAt: task.confirmedAt?.toISOString() ?? null,
        recipients: task.recipients,
        sent: task.recipientsSent,
        notFriend: task.recipientsNotFriend,
        overQuota: task.recipientsOverQuota,
        failed: task.recipientsFailed,
      })),
      reminders: { left: Math.max(0, reminders.left), nextAt: reminders.nextAt?.toISOString() ?? null },
    }
  }

  async function recipients(id: number, query: BroadcastRecipientQuery): Promise<BroadcastRecipientPage> {
    await requireBroadcast(id)
    const limit = query.limit ?? 20
    const rows = await db
      .select({
        recipient: broadcastRecipients,
        customerName: customers.name,
        groupName: groupChats.name,
        userId: staff.userId,
        staffName: staff.name,
      })
      .from(broadcastRecipients)
      .innerJoin(broadcastTasks, eq(broadcastTasks.id, broadcastRecipients.taskId))
      .innerJoin(staff, eq(staff.id, broadcastTasks.staffId))
      .leftJoin(customers, eq(customers.id, broadcastRecipients.customerId))
      .leftJoin(groupChats, eq(groupChats.id, broadcastRecipients.groupChatId))
      .where(
        and(
          eq(broadcastRecipients.broadcastId, id),
          cursorBefore(broadcastRecipients.id, query.cursor),
          query.status ? eq(broadcastRecipients.status, query.status) : undefined,
          query.staffUserId ? eq(staff.userId, query.staffUserId) : undefined,
        ),
      )
      .orderBy(desc(broadcastRecipients.id))
      .limit(limit + 1)
    return pageOf(rows, limit, ({ recipient, customerName, groupName, userId, staffName }) => ({
      id: recipient.id,
      customer: recipient.customerId === null ? null : { id: recipient.customerId, name: customerName },
      group: recipient.groupChatId === null ? null : { id: recipient.groupChatId, name: groupName ?? '' },
      staff: { userId, name: staffName },
      status: recipient.status,
      sentAt: recipient.sentAt?.toISOString() ?? null,
    }))
  }

  /** A guide's tasks WeCom is holding for them to confirm in the client, oldest first: their to-dos. */
  async function awaitingConfirmation(staffId: number, limit: number): Promise<Todo[]> {
    const rows = await db
      .select({ id: broadcastTasks.id, name: broadcasts.name, chatType: broadcasts.chatType, sendAt: broadcasts.sendAt })
      .from(broadcastTasks)
      .innerJoin(broadcasts, eq(broadcasts.id, broadcastTasks.broadcastId))
      .where(and(eq(broadcastTasks.staffId, staffId), eq(broadcastTasks.status, 'waiting')))
      .orderBy(asc(broadcasts.sendAt), asc(broadcastTasks.id))
      .limit(limit)
    return rows.map((row) => ({
      kind: 'broadcast' as const,
      sourceId: row.id,
      title: row.chatType === 'group' ? '客户群群发待确认' : '客户群发待确认',
      detail: `「${row.name}」：在企业微信的「客户群发」通知里确认发送`,
      dueAt: row.sendAt.toISOString(),
      status: null,
      customer: NO_CUSTOMER,
      suggestion: null,
    }))
  }

  return {
    preview,
    create,
    awaitingConfirmation,
    /** The console's 立即发送 on a scheduled broadcast: the same once-only send as the timer's. */
    async sendNow(id: number): Promise<BroadcastDetail> {
      const row = await requireBroadcast(id)
      if (row.status !== 'scheduled') throw conflict('BROADCAST_NOT_SCHEDULED', '这条群发已发送或已取消')
      await sendAnswering(id)
      return detail(id)
    },
    async syncNow(id: number): Promise<BroadcastDetail> {
      await requireBroadcast(id)
      await sync(id)
      return detail(id)
    },
    syncAll,
    syncJob,
    /** The scheduled send: taken after the job commits, as it calls WeCom. */
    sendJob(payload: unknown): void {
      const id = Number((payload as { broadcastId?: number } | null)?.broadcastId)
      afterCommit(() => {
        send(id).catch((error: unknown) => log.warn({ err: error, broadcastId: id }, 'scheduled broadcast could not be taken'))
      })
    },
    /** Resolves when no send of this server is under way. */
    async idle(): Promise<void> {
      while (running.size > 0) await Promise.allSettled([...running])
    },
    remind,
    cancel,
    list,
    detail,
    recipients,
  }
}

export type BroadcastService = ReturnType<typeof createBroadcastService>
