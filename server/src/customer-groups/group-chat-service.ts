// Customer groups (客户群) mirrored from WeCom: a full sync (groupchat/list by cursor, groupchat/get per
// group) and the change_external_chat events, which name the members who changed and the member
// versions before and after. A member who is one of our customers is linked to them; every join and
// leave is kept with its business day, for the per-day counts and each group live code's joins.
import { and, count, desc, eq, gte, inArray, isNotNull, isNull, lte, sql, type SQL } from 'drizzle-orm'
import {
  addDays,
  businessDate,
  MAX_GROUP_LIVE_CODE_GROUPS,
  type CustomerGroupsSection,
  type GroupChatDetail,
  type GroupChatListQuery,
  type GroupChatMemberListQuery,
  type GroupChatMemberPage,
  type GroupChatPage,
  type GroupChatSummary,
  type GroupSyncResult,
  type SidebarGroupChat,
  daysBetween,
  startOfBusinessDay,
  WECOM_GROUP_STATS_HISTORY_DAYS,
  WECOM_GROUP_STATS_MAX_DAYS,
  type WecomGroupStats,
  type WecomGroupStatsQuery,
} from '@liuliang/shared'
import type { GroupChatInfo, GroupChatMemberInfo } from '../clients/wecom-group-chats'
import type { WecomClient } from '../clients/wecom-client'
import { TencentApiError } from '../clients/tencent-client'
import { first, prepared, type DbOrTx, type Tx } from '../db'
import { containsText } from '../db/like'
import { cursorBefore, pageOf } from '../db/paging'
import { customers, groupChatMemberEvents, groupChatMembers, groupChats, groupJoinWays, staff } from '../db/schema'
import { badRequest, forbidden, notFound } from '../errors'
import type { ServiceDeps } from '../services'
import type { StaffService } from '../staff/staff-service'

type GroupRow = typeof groupChats.$inferSelect
type MemberRow = typeof groupChatMembers.$inferSelect

const LIST_PAGE = 1000
/** groupchat/get answers 40050 for a group that no longer exists (dismissed, or not a customer group). */
const GONE_ERRCODES = new Set([40050, 90501])
const DEFAULT_RANGE_DAYS = 7
/** WeCom counts its statistics by China's calendar days. */
const WECOM_TIME_ZONE = 'Asia/Shanghai'
const MAX_OWNERS_PER_CALL = 100
/** groupchat/list without owner_filter when the app sees over 1000 members. */
const OWNER_FILTER_REQUIRED = 81017

/**
 * Which members are our customers, read by external_userid: someone in a group before they added a guide
 * counts as the customer from the moment we know them, with nothing to re-link.
 */
const memberIsCustomer = and(eq(customers.externalUserId, groupChatMembers.memberId), eq(groupChatMembers.kind, 'external'))

/** What a change_external_chat event says, parsed from its XML. */
export interface ChatEvent {
  chatId: string
  changeType: 'create' | 'update' | 'dismiss'
  updateDetail?: string
  /** 0 invited, 3 scanned (add_member); the member list's scene is 1/2/3 */
  joinScene?: number
  quitScene?: number
  memChangeList: string[]
  lastMemVer?: string
  curMemVer?: string
  at: Date
}

/** What the event needs from WeCom, read before its unit of work: the group now, and its owner as staff. */
export interface ChatSnapshot {
  info: GroupChatInfo
  ownerStaffId: number
}

type GroupViewer = { id: number; userId: string; isAdmin: boolean }

export interface GroupChatDeps extends ServiceDeps {
  timeZone: string
  wecom: WecomClient
  staff: StaffService
  /** A customer's level for the sidebar, from the loyalty domain. */
  levelOf: (tx: DbOrTx, customerId: number) => Promise<{ code: string; name: string } | null>
  /** A customer's tags, without WeCom's ids. */
  tagsOf: (customerId: number) => Promise<SidebarGroupChat['customers'][number]['tags']>
}

/** The customer groups a contact is in, newest first: every 360 view reads it, so it is built once. */
const groupsOfMember = prepared((handle: DbOrTx) =>
  handle
    .select({ member: groupChatMembers, group: groupChats, ownerName: staff.name })
    .from(groupChatMembers)
    .innerJoin(groupChats, eq(groupChats.id, groupChatMembers.groupChatId))
    .innerJoin(staff, eq(staff.id, groupChats.ownerStaffId))
    .where(and(eq(groupChatMembers.memberId, sql.placeholder('memberId')), isNull(groupChats.dismissedAt)))
    .orderBy(desc(groupChatMembers.joinedAt))
    .limit(50),
)

export function createGroupChatService({ db, now, log, timeZone, wecom, staff: staffService, levelOf, tagsOf }: GroupChatDeps) {
  const dayOf = (at: Date) => businessDate(at, timeZone)
  const seconds = (value: number) => new Date(value * 1000)

  const findGroup = (tx: DbOrTx, chatId: string) => first(tx.select().from(groupChats).where(eq(groupChats.chatId, chatId)))

  async function requireGroup(id: number): Promise<GroupRow> {
    const row = await first(db.select().from(groupChats).where(eq(groupChats.id, id)))
    if (!row) throw notFound('GROUP_CHAT_NOT_FOUND', '没有这个客户群')
    return row
  }

  /** groupchat/get, or undefined when the group is gone. */
  async function fetchGroup(chatId: string): Promise<GroupChatInfo | undefined> {
    try {
      return await wecom.groupChats.get(chatId)
    } catch (error) {
      if (error instanceof TencentApiError && GONE_ERRCODES.has(error.errcode)) return undefined
      throw error
    }
  }

  async function snapshot(chatId: string): Promise<ChatSnapshot | undefined> {
    const info = await fetchGroup(chatId)
    if (!info) return undefined
    return { info, ownerStaffId: (await staffService.ensureStaff(info.owner)).id }
  }

  /** Every group WeCom lists (for these owners), page by page. */
  async function listAll(owners?: string[]): Promise<{ chat_id: string; status: number }[]> {
    const listed: { chat_id: string; status: number }[] = []
    let cursor = ''
    do {
      const page = await wecom.groupChats.list({
        limit: LIST_PAGE,
        ...(owners ? { owner_filter: { userid_list: owners } } : {}),
        ...(cursor ? { cursor } : {}),
      })
      listed.push(...page.group_chat_list)
      cursor = page.next_cursor ?? ''
    } while (cursor)
    return listed
  }

  /** The join way whose state brought a member in, by state. */
  async function joinWayIds(tx: Tx, states: string[]): Promise<Map<string, number>> {
    if (states.length === 0) return new Map()
    const rows = await tx.select({ id: groupJoinWays.id, state: groupJoinWays.state }).from(groupJoinWays).where(inArray(groupJoinWays.state, states))
    return new Map(rows.map((row) => [row.state, row.id]))
  }

  async function customerIds(tx: Tx, externalIds: string[]): Promise<Map<string, number>> {
    if (externalIds.length === 0) return new Map()
    const rows = await tx
      .select({ id: customers.id, externalUserId: customers.externalUserId })
      .from(customers)
      .where(inArray(customers.externalUserId, externalIds))
    return new Map(rows.map((row) => [row.externalUserId as string, row.id]))
  }

  async function recordEvent(
    tx: Tx,
    event: { groupChatId: number; memberId: string; kind: 'join' | 'leave'; joinWayId: number | null; at: Date },
  ): Promise<void> {
    await tx
      .insert(groupChatMemberEvents)
      .values({ groupChatId: event.groupChatId, memberId: event.memberId, kind: event.kind, joinWayId: event.joinWayId, businessDay: dayOf(event.at), occurredAt: event.at })
      .onConflictDoNothing()
  }

  /** Members who joined: a new row, or a returning member's row opened again; each join recorded once. */
  async function join(tx: Tx, group: GroupRow, members: GroupChatMemberInfo[], known: Map<string, MemberRow>): Promise<void> {
    const ways = await joinWayIds(tx, members.flatMap((member) => (member.state ? [member.state] : [])))
    const linked = await customerIds(tx, members.filter((member) => member.type === 2).map((member) => member.userid))
    for (const member of members) {
      const joinWayId = (member.state && ways.get(member.state)) || null
      const joinedAt = seconds(member.join_time)
      const columns = {
        kind: member.type === 1 ? ('staff' as const) : ('external' as const),
        customerId: linked.get(member.userid) ?? null,
        name: member.name ?? '',
        groupNickname: member.group_nickname ?? '',
        joinScene: member.join_scene,
        invitorUserId: member.invitor?.userid ?? null,
        state: member.state || null,
        joinWayId,
        joinedAt,
        leftAt: null,
        quitScene: null,
      }
      const existing = known.get(member.userid)
      if (existing) await tx.update(groupChatMembers).set(columns).where(eq(groupChatMembers.id, existing.id))
      else await tx.insert(groupChatMembers).values({ groupChatId: group.id, memberId: member.userid, ...columns })
      await recordEvent(tx, { groupChatId: group.id, memberId: member.userid, kind: 'join', joinWayId, at: joinedAt })
    }
  }

  async function leave(tx: Tx, group: GroupRow, rows: MemberRow[], at: Date, quitScene: number | null): Promise<void> {
    for (const row of rows) {
      await tx.update(groupChatMembers).set({ leftAt: at, quitScene }).where(eq(groupChatMembers.id, row.id))
      await recordEvent(tx, { groupChatId: group.id, memberId: row.memberId, kind: 'leave', joinWayId: row.joinWayId, at })
    }
  }

  /**
   * A live code's groups as WeCom rotates them: someone who came in through a code joined one of its
   * groups, so a group WeCom opened for the code (auto_create_room) joins its list, which keeps five.
   */
  async function followJoinWays(tx: Tx, chatId: string, joined: GroupChatMemberInfo[]): Promise<void> {
    const states = [...new Set(joined.flatMap((member) => (member.state ? [member.state] : [])))]
    if (states.length === 0) return
    const ways = await tx.select().from(groupJoinWays).where(inArray(groupJoinWays.state, states))
    for (const way of ways) {
      if (way.chatIds.includes(chatId)) continue
      await tx
        .update(groupJoinWays)
        .set({ chatIds: [...way.chatIds, chatId].slice(-MAX_GROUP_LIVE_CODE_GROUPS) })
        .where(eq(groupJoinWays.id, way.id))
    }
  }

  const membersOf = async (tx: Tx, groupChatId: number) =>
    new Map((await tx.select().from(groupChatMembers).where(eq(groupChatMembers.groupChatId, groupChatId))).map((row) => [row.memberId, row]))

  async function refreshCount(tx: Tx, groupChatId: number): Promise<void> {
    const present = await first(
      tx.select({ n: count() }).from(groupChatMembers).where(and(eq(groupChatMembers.groupChatId, groupChatId), isNull(groupChatMembers.leftAt))),
    )
    await tx.update(groupChats).set({ memberCount: present?.n ?? 0 }).where(eq(groupChats.id, groupChatId))
  }

  /**
   * Makes our copy of a group what WeCom answered: its fields, and its members (new ones join, missing
   * ones leave at `at`). Used by the sync, by create, and whenever an event shows a version was missed.
   */
  async function mirror(tx: Tx, snap: ChatSnapshot, at: Date, status?: number): Promise<GroupRow> {
    const { info } = snap
    const fields = {
      name: info.name,
      ownerStaffId: snap.ownerStaffId,
      notice: info.notice ?? '',
      memberVersion: info.member_version ?? '',
      openedAt: seconds(info.create_time),
      dismissedAt: null,
      syncedAt: now(),
      ...(status === undefined ? {} : { wecomStatus: status }),
    }
    const [row] = await tx
      .insert(groupChats)
      .values({ chatId: info.chat_id, ...fields })
      .onConflictDoUpdate({ target: groupChats.chatId, set: fields })
      .returning()
    const group = row as GroupRow
    const known = await membersOf(tx, group.id)
    const current = new Set(info.member_list.map((member) => member.userid))
    const joined = info.member_list.filter((member) => {
      const existing = known.get(member.userid)
      return !existing || existing.leftAt !== null
    })
    await join(tx, group, joined, known)
    await followJoinWays(tx, group.chatId, joined)
    // Names and group nicknames change without an event of their own.
    for (const member of info.member_list) {
      const row = known.get(member.userid)
      const name = member.name ?? row?.name ?? ''
      const groupNickname = member.group_nickname ?? ''
      if (row && row.leftAt === null && (row.name !== name || row.groupNickname !== groupNickname)) {
        await tx.update(groupChatMembers).set({ name, groupNickname }).where(eq(groupChatMembers.id, row.id))
      }
    }
    const gone = [...known.values()].filter((row) => row.leftAt === null && !current.has(row.memberId))
    await leave(tx, group, gone, at, null)
    await refreshCount(tx, group.id)
    return group
  }

  /**
   * A group the sidebar is opened in that we have not heard of (its create event lost, the sync not yet
   * run): the guide is in it, so WeCom is asked for it there and then.
   */
  async function readUnknown(chatId: string): Promise<GroupRow | undefined> {
    const snap = await snapshot(chatId)
    if (!snap) return undefined
    await db.transaction((tx) => mirror(tx, snap, now()))
    return findGroup(db, chatId)
  }

  /** A group the guide may see in the sidebar: one they own or are in; staff with admin rights see any. */
  async function visibleGroup(member: GroupViewer, chatId: string): Promise<GroupRow> {
    const group = (await findGroup(db, chatId)) ?? (await readUnknown(chatId))
    if (!group || group.dismissedAt) throw notFound('GROUP_CHAT_NOT_FOUND', '企业微信里没有这个客户群，或它已解散')
    const inGroup = await first(
      db
        .select({ id: groupChatMembers.id })
        .from(groupChatMembers)
        .where(and(eq(groupChatMembers.groupChatId, group.id), eq(groupChatMembers.memberId, member.userId), isNull(groupChatMembers.leftAt))),
    )
    if (!member.isAdmin && group.ownerStaffId !== member.id && !inGroup) throw forbidden('NOT_IN_GROUP', '你不在这个客户群里')
    return group
  }

  const CALLBACK_TO_MEMBER_SCENE: Record<number, number> = { 0: 1, 3: 3 }

  return {
    snapshot,

    /**
     * Reads what an event needs from WeCom before its unit of work: the group as it is now, except for a
     * leave whose versions follow on from ours (the event says all) and a dismissal.
     */
    async readForEvent(event: ChatEvent): Promise<ChatSnapshot | undefined> {
      if (event.changeType === 'dismiss') return undefined
      if (event.updateDetail === 'del_member') {
        const held = await findGroup(db, event.chatId)
        if (held && event.lastMemVer && held.memberVersion === event.lastMemVer) return undefined
      }
      return snapshot(event.chatId)
    },

    /** Applies a change_external_chat event, in the unit of work that records it as handled. */
    async applyEvent(tx: Tx, event: ChatEvent, snap: ChatSnapshot | undefined): Promise<void> {
      const held = await findGroup(tx, event.chatId)
      if (event.changeType === 'dismiss') {
        if (held) await tx.update(groupChats).set({ dismissedAt: event.at }).where(eq(groupChats.id, held.id))
        return
      }
      const followsOn = held !== undefined && !!event.lastMemVer && held.memberVersion === event.lastMemVer
      if (event.updateDetail === 'del_member' && held && followsOn) {
        const known = await membersOf(tx, held.id)
        const rows = event.memChangeList.flatMap((id) => {
          const row = known.get(id)
          return row && row.leftAt === null ? [row] : []
        })
        await leave(tx, held, rows, event.at, event.quitScene ?? null)
        await tx.update(groupChats).set({ memberVersion: event.curMemVer ?? '' }).where(eq(groupChats.id, held.id))
        await refreshCount(tx, held.id)
        return
      }
      if (!snap) {
        log.warn({ chatId: event.chatId }, 'change_external_chat for a group WeCom no longer answers for')
        if (held) await tx.update(groupChats).set({ dismissedAt: event.at }).where(eq(groupChats.id, held.id))
        return
      }
      // WeCom applies some changes asynchronously: a member the event names may be missing from the
      // fresh read. They joined all the same, at the event's time.
      let info = snap.info
      if (event.updateDetail === 'add_member') {
        const listed = new Set(info.member_list.map((member) => member.userid))
        const late = event.memChangeList
          .filter((id) => !listed.has(id))
          .map((id) => ({
            userid: id,
            type: id.startsWith('wm') || id.startsWith('wo') ? (2 as const) : (1 as const),
            join_time: Math.floor(event.at.getTime() / 1000),
            join_scene: CALLBACK_TO_MEMBER_SCENE[event.joinScene ?? 0] ?? 1,
          }))
        info = { ...info, member_list: [...info.member_list, ...late], member_version: event.curMemVer ?? info.member_version }
      }
      // Likewise a member the event says left may still be in the read: they left.
      if (event.updateDetail === 'del_member') {
        const leaving = new Set(event.memChangeList)
        info = { ...info, member_list: info.member_list.filter((member) => !leaving.has(member.userid)) }
      }
      const group = await mirror(tx, { ...snap, info }, event.at)
      if (event.updateDetail === 'del_member' && event.quitScene !== undefined && event.memChangeList.length > 0) {
        await tx
          .update(groupChatMembers)
          .set({ quitScene: event.quitScene })
          .where(and(eq(groupChatMembers.groupChatId, group.id), inArray(groupChatMembers.memberId, event.memChangeList), isNotNull(groupChatMembers.leftAt)))
      }
    },

    /** Every group WeCom lists, page by page, each read whole; groups it no longer lists are dismissed. */
    async sync(): Promise<GroupSyncResult> {
      let listed: { chat_id: string; status: number }[]
      try {
        listed = await listAll()
      } catch (error) {
        // 81017: the app sees over 1000 members, and WeCom wants the owners named, 100 at a time.
        if (!(error instanceof TencentApiError && error.errcode === OWNER_FILTER_REQUIRED)) throw error
        const owners = (await db.select({ userId: staff.userId }).from(staff).orderBy(staff.id)).map((row) => row.userId)
        listed = []
        for (let start = 0; start < owners.length; start += MAX_OWNERS_PER_CALL) {
          listed.push(...(await listAll(owners.slice(start, start + MAX_OWNERS_PER_CALL))))
        }
      }
      let groups = 0
      for (const { chat_id: chatId, status } of listed) {
        try {
          const snap = await snapshot(chatId)
          if (!snap) continue
          await db.transaction((tx) => mirror(tx, snap, now(), status))
          groups++
        } catch (error) {
          // One group failing (a member WeCom will not describe) does not stop the rest.
          log.warn({ err: error, chatId }, 'customer group not synced')
        }
      }
      const ids = new Set(listed.map((item) => item.chat_id))
      const dismissed = await db.transaction(async (tx) => {
        const held = await tx.select({ id: groupChats.id, chatId: groupChats.chatId }).from(groupChats).where(isNull(groupChats.dismissedAt))
        const gone = held.filter((row) => !ids.has(row.chatId))
        if (gone.length > 0) await tx.update(groupChats).set({ dismissedAt: now() }).where(inArray(groupChats.id, gone.map((row) => row.id)))
        return gone.length
      })
      return { groups, dismissed }
    },

    async list(query: GroupChatListQuery): Promise<GroupChatPage> {
      const limit = query.limit ?? 20
      const to = query.to ?? dayOf(now())
      const from = query.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1))
      const conditions: (SQL | undefined)[] = [
        cursorBefore(groupChats.id, query.cursor),
        (query.state ?? 'active') === 'active' ? isNull(groupChats.dismissedAt) : isNotNull(groupChats.dismissedAt),
      ]
      if (query.name) conditions.push(containsText(groupChats.name, query.name))
      if (query.ownerUserId) conditions.push(eq(staff.userId, query.ownerUserId))
      const rows = await db
        .select({ group: groupChats, ownerUserId: staff.userId, ownerName: staff.name })
        .from(groupChats)
        .innerJoin(staff, eq(staff.id, groupChats.ownerStaffId))
        .where(and(...conditions))
        .orderBy(desc(groupChats.id))
        .limit(limit + 1)
      const ids = rows.map((row) => row.group.id)
      const figures = await figuresOf(ids, from, to)
      return pageOf(rows, limit, (row) => summaryOf(row, figures.get(row.group.id)))
    },

    async get(id: number, query: { from?: string; to?: string }): Promise<GroupChatDetail> {
      const group = await requireGroup(id)
      const to = query.to ?? dayOf(now())
      const from = query.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1))
      const owner = await first(db.select({ userId: staff.userId, name: staff.name }).from(staff).where(eq(staff.id, group.ownerStaffId)))
      const figures = (await figuresOf([id], from, to)).get(id)
      const counted = await db
        .select({
          date: groupChatMemberEvents.businessDay,
          joins: sql<number>`coalesce(sum(case when ${groupChatMemberEvents.kind} = 'join' then 1 else 0 end), 0)`,
          leaves: sql<number>`coalesce(sum(case when ${groupChatMemberEvents.kind} = 'leave' then 1 else 0 end), 0)`,
        })
        .from(groupChatMemberEvents)
        .where(and(eq(groupChatMemberEvents.groupChatId, id), gte(groupChatMemberEvents.businessDay, from), lte(groupChatMemberEvents.businessDay, to)))
        .groupBy(groupChatMemberEvents.businessDay)
      const byDate = new Map(counted.map((row) => [row.date, row]))
      const byDay: GroupChatDetail['byDay'] = []
      for (let date = from; date <= to && byDay.length < 366; date = addDays(date, 1)) {
        const row = byDate.get(date)
        byDay.push({ date, joins: Number(row?.joins ?? 0), leaves: Number(row?.leaves ?? 0) })
      }
      return {
        ...summaryOf({ group, ownerUserId: owner?.userId ?? '', ownerName: owner?.name ?? '' }, figures),
        notice: group.notice,
        syncedAt: group.syncedAt.toISOString(),
        byDay,
      }
    },

    async members(id: number, query: GroupChatMemberListQuery): Promise<GroupChatMemberPage> {
      await requireGroup(id)
      const limit = query.limit ?? 20
      const conditions: (SQL | undefined)[] = [eq(groupChatMembers.groupChatId, id), cursorBefore(groupChatMembers.id, query.cursor)]
      if (!query.includeLeft) conditions.push(isNull(groupChatMembers.leftAt))
      if (query.kind) conditions.push(eq(groupChatMembers.kind, query.kind))
      const rows = await db
        .select({ member: groupChatMembers, customerId: customers.id, customerName: customers.name, wayName: groupJoinWays.name })
        .from(groupChatMembers)
        .leftJoin(customers, memberIsCustomer)
        .leftJoin(groupJoinWays, eq(groupJoinWays.id, groupChatMembers.joinWayId))
        .where(and(...conditions))
        .orderBy(desc(groupChatMembers.id))
        .limit(limit + 1)
      return pageOf(rows, limit, ({ member, customerId, customerName, wayName }) => ({
        id: member.id,
        memberId: member.memberId,
        kind: member.kind,
        name: member.name,
        groupNickname: member.groupNickname,
        customer: customerId === null ? null : { id: customerId, name: customerName },
        joinScene: member.joinScene,
        invitorUserId: member.invitorUserId,
        liveCode: member.joinWayId === null || wayName === null ? null : { id: member.joinWayId, name: wayName },
        joinedAt: member.joinedAt.toISOString(),
        leftAt: member.leftAt?.toISOString() ?? null,
      }))
    },

    /** The 360 view's groups: every group the customer is or was in, the ones they are in first. */
    async sectionOf(tx: DbOrTx, externalUserId: string | null): Promise<CustomerGroupsSection | null> {
      if (!externalUserId) return null
      const rows = await groupsOfMember(tx, { memberId: externalUserId })
      if (rows.length === 0) return null
      const items = rows.map(({ member, group, ownerName }) => ({
        groupChatId: group.id,
        chatId: group.chatId,
        name: group.name,
        ownerName,
        memberCount: group.memberCount,
        joinedAt: member.joinedAt.toISOString(),
        leftAt: member.leftAt?.toISOString() ?? null,
      }))
      return { items: [...items.filter((item) => !item.leftAt), ...items.filter((item) => item.leftAt)] }
    },

    /**
     * The sidebar in a group chat: the group and its members who are our customers. A guide sees a group
     * they are in (or own); staff with admin rights see any.
     */
    visibleGroup,

    async forSidebar(member: GroupViewer, chatId: string): Promise<SidebarGroupChat> {
      const group = await visibleGroup(member, chatId)
      const owner = await first(db.select({ userId: staff.userId, name: staff.name }).from(staff).where(eq(staff.id, group.ownerStaffId)))
      const rows = await db
        .select({ customerId: customers.id, name: customers.name, avatarUrl: customers.avatarUrl, joinedAt: groupChatMembers.joinedAt })
        .from(groupChatMembers)
        .innerJoin(customers, memberIsCustomer)
        .where(and(eq(groupChatMembers.groupChatId, group.id), isNull(groupChatMembers.leftAt)))
        .orderBy(desc(groupChatMembers.joinedAt))
        .limit(200)
      const customerRows = await Promise.all(
        rows.map(async (row) => ({
          customerId: row.customerId,
          name: row.name,
          avatarUrl: row.avatarUrl,
          level: await levelOf(db, row.customerId),
          tags: await tagsOf(row.customerId),
          joinedAt: row.joinedAt.toISOString(),
        })),
      )
      return {
        group: {
          id: group.id,
          chatId: group.chatId,
          name: group.name,
          notice: group.notice,
          owner: { userId: owner?.userId ?? '', name: owner?.name ?? '' },
          memberCount: group.memberCount,
          customerCount: customerRows.length,
          openedAt: group.openedAt.toISOString(),
        },
        customers: customerRows,
      }
    },

    /**
     * WeCom's daily figures (groupchat/statistic_group_by_day) for one owner's groups or every owner we
     * know, summed: its rules (whole past days, yesterday back 180, at most 30) are checked here first.
     */
    async wecomStatistics(query: WecomGroupStatsQuery): Promise<WecomGroupStats> {
      const yesterday = addDays(businessDate(now(), WECOM_TIME_ZONE), -1)
      const to = query.to ?? yesterday
      const from = query.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1))
      if (to > yesterday) throw badRequest('STATS_NOT_READY', '企业微信的群统计只到昨天，今天的数据明天才有')
      if (from > to) throw badRequest('INVALID_RANGE', '开始日期不能晚于结束日期')
      if (daysBetween(from, yesterday) >= WECOM_GROUP_STATS_HISTORY_DAYS) {
        throw badRequest('STATS_TOO_OLD', `企业微信只保留最近 ${WECOM_GROUP_STATS_HISTORY_DAYS} 天的群统计`)
      }
      if (daysBetween(from, to) + 1 > WECOM_GROUP_STATS_MAX_DAYS) {
        throw badRequest('RANGE_TOO_LONG', `一次最多查询 ${WECOM_GROUP_STATS_MAX_DAYS} 天的群统计`)
      }
      const owners = query.ownerUserId
        ? [query.ownerUserId]
        : (await db.selectDistinct({ userId: staff.userId }).from(groupChats).innerJoin(staff, eq(staff.id, groupChats.ownerStaffId))).map((row) => row.userId)
      const days: string[] = []
      for (let date = from; date <= to; date = addDays(date, 1)) days.push(date)
      const totals = new Map(days.map((date) => [date, { newChats: 0, chatTotal: 0, chatsWithMessages: 0, newMembers: 0, memberTotal: 0, membersWithMessages: 0, messages: 0 }]))
      const seconds = (date: string) => Math.floor(startOfBusinessDay(date, WECOM_TIME_ZONE).getTime() / 1000)
      for (let start = 0; start < owners.length; start += MAX_OWNERS_PER_CALL) {
        const items = await wecom.groupChats.statisticByDay({
          day_begin_time: seconds(from),
          day_end_time: seconds(to),
          owner_filter: { userid_list: owners.slice(start, start + MAX_OWNERS_PER_CALL) },
        })
        for (const { stat_time: statTime, data } of items) {
          const day = totals.get(businessDate(new Date(statTime * 1000), WECOM_TIME_ZONE))
          if (!day) continue
          day.newChats += data.new_chat_cnt
          day.chatTotal += data.chat_total
          day.chatsWithMessages += data.chat_has_msg
          day.newMembers += data.new_member_cnt
          day.memberTotal += data.member_total
          day.membersWithMessages += data.member_has_msg
          day.messages += data.msg_total
        }
      }
      return { from, to, items: days.map((date) => ({ date, ...(totals.get(date) as NonNullable<ReturnType<typeof totals.get>>) })) }
    },

    /** Our group rows for these WeCom chat ids (a live code's groups). */
    async byChatIds(tx: DbOrTx, chatIds: string[]): Promise<GroupRow[]> {
      return chatIds.length === 0 ? [] : tx.select().from(groupChats).where(inArray(groupChats.chatId, chatIds))
    },

    requireGroups: async (ids: number[]): Promise<GroupRow[]> => {
      const rows = ids.length === 0 ? [] : await db.select().from(groupChats).where(and(inArray(groupChats.id, ids), isNull(groupChats.dismissedAt)))
      if (rows.length !== ids.length) throw notFound('GROUP_CHAT_NOT_FOUND', '有客户群不存在或已解散')
      return ids.map((id) => rows.find((row) => row.id === id) as GroupRow)
    },
  }

  /** Per group: present customers, and joins and leaves in [from, to]. */
  async function figuresOf(ids: number[], from: string, to: string) {
    const figures = new Map<number, { customers: number; joins: number; leaves: number }>()
    if (ids.length === 0) return figures
    const customerCounts = await db
      .select({ id: groupChatMembers.groupChatId, n: count() })
      .from(groupChatMembers)
      .innerJoin(customers, memberIsCustomer)
      .where(and(inArray(groupChatMembers.groupChatId, ids), isNull(groupChatMembers.leftAt)))
      .groupBy(groupChatMembers.groupChatId)
    const moves = await db
      .select({
        id: groupChatMemberEvents.groupChatId,
        joins: sql<number>`coalesce(sum(case when ${groupChatMemberEvents.kind} = 'join' then 1 else 0 end), 0)`,
        leaves: sql<number>`coalesce(sum(case when ${groupChatMemberEvents.kind} = 'leave' then 1 else 0 end), 0)`,
      })
      .from(groupChatMemberEvents)
      .where(and(inArray(groupChatMemberEvents.groupChatId, ids), gte(groupChatMemberEvents.businessDay, from), lte(groupChatMemberEvents.businessDay, to)))
      .groupBy(groupChatMemberEvents.groupChatId)
    for (const id of ids) figures.set(id, { customers: 0, joins: 0, leaves: 0 })
    for (const row of customerCounts) (figures.get(row.id) as { customers: number }).customers = Number(row.n)
    for (const row of moves) Object.assign(figures.get(row.id) as object, { joins: Number(row.joins), leaves: Number(row.leaves) })
    return figures
  }

  function summaryOf(
    row: { group: GroupRow; ownerUserId: string; ownerName: string },
    figures: { customers: number; joins: number; leaves: number } | undefined,
  ): GroupChatSummary {
    const { group } = row
    return {
      id: group.id,
      chatId: group.chatId,
      name: group.name,
      owner: { userId: row.ownerUserId, name: row.ownerName },
      memberCount: group.memberCount,
      customerCount: figures?.customers ?? 0,
      joins: figures?.joins ?? 0,
      leaves: figures?.leaves ?? 0,
      wecomStatus: group.wecomStatus,
      openedAt: group.openedAt.toISOString(),
      dismissedAt: group.dismissedAt?.toISOString() ?? null,
    }
  }
}

export type GroupChatService = ReturnType<typeof createGroupChatService>
