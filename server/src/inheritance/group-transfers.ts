// Customer groups handed to a new owner along with a guide's customers: a resigned guide's groups
// (groupchat/transfer) or a working guide's (groupchat/onjob_transfer). WeCom answers at once, so each
// group is done or rejected when the call returns; the limits (twice in 90 days on the job, 300 of one
// owner's groups a day) are checked first and explained.
import { aliasedTable, and, count, desc, eq, gte, inArray, isNull } from 'drizzle-orm'
import {
  GROUP_TRANSFER_BATCH_SIZE,
  GROUP_TRANSFER_BLOCK_LABELS,
  GROUP_TRANSFER_STATUS_LABELS,
  GROUP_TRANSFERS_PER_DAY,
  ON_JOB_REPEATS_IN_WINDOW,
  businessDate,
  startOfBusinessDay,
  type BlockedGroup,
  type GroupTransferBlock,
  type GroupTransferListQuery,
  type GroupTransferPage,
  type GroupTransferRequest,
  type GroupTransferResult,
  type GuideGroupList,
  type TransferGroup,
  type TransferKind,
} from '@liuliang/shared'
import type { WecomClient } from '../clients/wecom-client'
import { first } from '../db'
import { cursorBefore, pageOf } from '../db/paging'
import { groupChats, groupTransfers, staff } from '../db/schema'
import { badRequest, notFound } from '../errors'
import type { ServiceDeps } from '../services'
import { REPEAT_WINDOW_MS } from './rules'
import { addToGroup } from '../grouping'

type GroupRow = typeof groupChats.$inferSelect
type StaffRow = typeof staff.$inferSelect

/** groupchat/list's status once a resigned owner's group has a new owner. */
const INHERITED = 3

/** WeCom's answers for one group, in our words. */
const ERRCODE_MESSAGES: Record<number, string> = {
  40050: '企业微信中已没有这个群',
  45009: '超出企业微信的转交次数限制',
  90500: '企业微信显示群主尚未离职',
  90501: '这个群不是客户群',
  90502: '群主已离职，请在离职继承中转交',
  90503: '群已满员，需要在企业微信客户端确认',
  90504: '新群主与原群主相同',
  90507: '这个群正在继承中',
  90508: '这个群已经继承过了',
}

export interface GroupTransferDeps extends ServiceDeps {
  wecom: WecomClient
  timeZone: string
  /** resigned when WeCom reports the guide as resigned, else on_job. */
  kindOf(staffId: number): Promise<TransferKind>
  /** The handover and takeover guides, checked as for customers; the kind follows the handover guide. */
  pairFor(request: { handoverStaffId: number; takeoverStaffId: number }): Promise<{ kind: TransferKind; handover: StaffRow; takeover: StaffRow }>
  formatDay(at: Date): string
}

const handoverStaff = aliasedTable(staff, 'handover_staff')
const takeoverStaff = aliasedTable(staff, 'takeover_staff')

const toGroup = (row: GroupRow): TransferGroup => ({ id: row.id, chatId: row.chatId, name: row.name, memberCount: row.memberCount })

export function createGroupTransfers({ db, now, wecom, timeZone, kindOf, pairFor, formatDay }: GroupTransferDeps) {
  const blocked = (row: GroupRow, reason: GroupTransferBlock, nextEligibleAt: Date | null = null, message?: string): BlockedGroup => ({
    group: toGroup(row),
    reason,
    message: message ?? (nextEligibleAt ? `${GROUP_TRANSFER_BLOCK_LABELS[reason]}，${formatDay(nextEligibleAt)}起可再次转交` : GROUP_TRANSFER_BLOCK_LABELS[reason]),
    nextEligibleAt: nextEligibleAt?.toISOString() ?? null,
  })

  const ownedBy = (staffId: number) =>
    db
      .select()
      .from(groupChats)
      .where(and(eq(groupChats.ownerStaffId, staffId), isNull(groupChats.dismissedAt)))
      .orderBy(groupChats.id)

  /** How many of this owner's groups went to new owners today, in the brand's calendar. */
  async function handedOverToday(staffId: number, at: Date): Promise<number> {
    const dayStart = startOfBusinessDay(businessDate(at, timeZone), timeZone)
    const row = await first(
      db
        .select({ n: count() })
        .from(groupTransfers)
        .where(and(eq(groupTransfers.handoverStaffId, staffId), eq(groupTransfers.status, 'done'), gte(groupTransfers.requestedAt, dayStart))),
    )
    return row?.n ?? 0
  }

  /** For on-the-job groups: when each was handed over within the window. */
  async function recentOnJob(ids: number[], at: Date): Promise<Map<number, Date[]>> {
    const recent = new Map<number, Date[]>()
    if (ids.length === 0) return recent
    const rows = await db
      .select({ groupChatId: groupTransfers.groupChatId, requestedAt: groupTransfers.requestedAt })
      .from(groupTransfers)
      .where(
        and(
          inArray(groupTransfers.groupChatId, ids),
          eq(groupTransfers.kind, 'on_job'),
          eq(groupTransfers.status, 'done'),
          gte(groupTransfers.requestedAt, new Date(at.getTime() - REPEAT_WINDOW_MS)),
        ),
      )
    for (const row of rows) addToGroup(recent, row.groupChatId, row.requestedAt)
    return recent
  }

  /** Blocks every group, in order, given the day's remaining allowance. */
  async function check(kind: TransferKind, handoverId: number, rows: GroupRow[], at: Date) {
    const recent = kind === 'on_job' ? await recentOnJob(rows.map((row) => row.id), at) : new Map<number, Date[]>()
    let allowance = GROUP_TRANSFERS_PER_DAY - (await handedOverToday(handoverId, at))
    return rows.map((row) => {
      if (row.ownerStaffId !== handoverId) return { row, block: blocked(row, 'not_owned') }
      const limiting = (recent.get(row.id) ?? []).sort((a, b) => b.getTime() - a.getTime())[ON_JOB_REPEATS_IN_WINDOW - 1]
      if (limiting) return { row, block: blocked(row, 'too_frequent', new Date(limiting.getTime() + REPEAT_WINDOW_MS)) }
      if (allowance <= 0) return { row, block: blocked(row, 'daily_limit') }
      allowance--
      return { row, block: null }
    })
  }

  return {
    /** The groups a guide owns, each with what stands in the way of handing it over now. */
    async guideGroups(staffId: number): Promise<GuideGroupList> {
      const guide = await first(db.select().from(staff).where(eq(staff.id, staffId)))
      if (!guide) throw notFound('GUIDE_NOT_FOUND', '没有找到这位导购')
      const checked = await check(await kindOf(staffId), staffId, await ownedBy(staffId), now())
      return { items: checked.map(({ row, block }) => ({ group: toGroup(row), block })) }
    },

    /** Hands the chosen groups (or all the guide owns) to the takeover guide, 100 per call to WeCom. */
    async transfer(request: GroupTransferRequest): Promise<GroupTransferResult> {
      const { kind, handover, takeover } = await pairFor(request)
      let rows: GroupRow[]
      if (request.all) rows = await ownedBy(handover.id)
      else {
        const ids = request.groupIds ?? []
        if (ids.length === 0) throw badRequest('NO_GROUPS_PICKED', '请选择要转交的客户群，或选择全部客户群')
        rows = await db.select().from(groupChats).where(and(inArray(groupChats.id, ids), isNull(groupChats.dismissedAt)))
        if (rows.length < ids.length) throw notFound('GROUP_CHAT_NOT_FOUND', '有客户群不存在或已解散，请刷新后重新选择')
      }
      const at = now()
      const checked = await check(kind, handover.id, rows, at)
      const refused = checked.flatMap(({ block }) => (block ? [block] : []))
      const eligible = checked.flatMap(({ row, block }) => (block ? [] : [row]))
      let transferred = 0
      for (let i = 0; i < eligible.length; i += GROUP_TRANSFER_BATCH_SIZE) {
        const batch = eligible.slice(i, i + GROUP_TRANSFER_BATCH_SIZE)
        const failed = await wecom.transfers.groups(kind, { chat_id_list: batch.map((row) => row.chatId), new_owner: takeover.userId })
        const errcodes = new Map(failed.map((entry) => [entry.chat_id, entry.errcode]))
        await db.transaction(async (tx) => {
          for (const row of batch) {
            const errcode = errcodes.get(row.chatId) ?? 0
            await tx.insert(groupTransfers).values({
              kind,
              groupChatId: row.id,
              handoverStaffId: handover.id,
              takeoverStaffId: takeover.id,
              status: errcode === 0 ? 'done' : 'rejected',
              errcode: errcode === 0 ? null : errcode,
              requestedAt: at,
            })
            if (errcode !== 0) {
              refused.push(blocked(row, 'wecom_refused', null, ERRCODE_MESSAGES[errcode] ?? `${GROUP_TRANSFER_BLOCK_LABELS.wecom_refused}（${errcode}）`))
              continue
            }
            // WeCom's change_owner event re-reads the group too; the list shows the new owner at once.
            await tx
              .update(groupChats)
              .set({ ownerStaffId: takeover.id, ...(kind === 'resigned' ? { wecomStatus: INHERITED } : {}) })
              .where(eq(groupChats.id, row.id))
            transferred++
          }
        })
      }
      return { transferred, blocked: refused }
    },

    /** Every group hand-over, newest first. */
    async list(query: GroupTransferListQuery): Promise<GroupTransferPage> {
      const limit = query.limit ?? 20
      const rows = await db
        .select({
          transfer: groupTransfers,
          group: groupChats,
          handover: { staffId: handoverStaff.id, userId: handoverStaff.userId, name: handoverStaff.name },
          takeover: { staffId: takeoverStaff.id, userId: takeoverStaff.userId, name: takeoverStaff.name },
        })
        .from(groupTransfers)
        .innerJoin(groupChats, eq(groupChats.id, groupTransfers.groupChatId))
        .innerJoin(handoverStaff, eq(handoverStaff.id, groupTransfers.handoverStaffId))
        .innerJoin(takeoverStaff, eq(takeoverStaff.id, groupTransfers.takeoverStaffId))
        .where(and(cursorBefore(groupTransfers.id, query.cursor), query.kind ? eq(groupTransfers.kind, query.kind) : undefined))
        .orderBy(desc(groupTransfers.id))
        .limit(limit + 1)
      return pageOf(rows, limit, ({ transfer, group, handover, takeover }) => ({
        id: transfer.id,
        kind: transfer.kind,
        status: transfer.status,
        statusLabel: GROUP_TRANSFER_STATUS_LABELS[transfer.status],
        group: toGroup(group),
        handover,
        takeover,
        errcode: transfer.errcode,
        requestedAt: transfer.requestedAt.toISOString(),
      }))
    },

    /** How many groups each of these guides still owns. */
    async ownedCounts(staffIds: number[]): Promise<Map<number, number>> {
      if (staffIds.length === 0) return new Map()
      const rows = await db
        .select({ staffId: groupChats.ownerStaffId, n: count() })
        .from(groupChats)
        .where(and(inArray(groupChats.ownerStaffId, staffIds), isNull(groupChats.dismissedAt)))
        .groupBy(groupChats.ownerStaffId)
      return new Map(rows.map((row) => [row.staffId, row.n]))
    },
  }
}

export type GroupTransfers = ReturnType<typeof createGroupTransfers>
