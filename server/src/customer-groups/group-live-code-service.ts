// Group live codes (加入群聊, WeCom doc 92229): a QR code leading into up to five groups, WeCom opening a
// new group named from the base when they are full. Every member it brings in carries its `state`, so
// its joins are counted from the members' own records.
import { randomBytes } from 'node:crypto'
import { and, count, desc, eq, gte, isNotNull, isNull, lte, sql } from 'drizzle-orm'
import type {
  CreateGroupLiveCodeRequest,
  DayRangeQuery,
  GroupLiveCode,
  GroupLiveCodeList,
  GroupLiveCodeStats,
  UpdateGroupLiveCodeRequest,
} from '@liuliang/shared'
import { TencentApiError, TencentTransportError } from '../clients/tencent-client'
import type { JoinWayConfig } from '../clients/wecom-group-chats'
import type { WecomClient } from '../clients/wecom-client'
import { first } from '../db'
import { groupChatMemberEvents, groupChatMembers, groupChats, groupJoinWays } from '../db/schema'
import { badRequest, notFound } from '../errors'
import type { ServiceDeps } from '../services'
import type { GroupChatService } from './group-chat-service'

type WayRow = typeof groupJoinWays.$inferSelect
type Settings = Required<CreateGroupLiveCodeRequest>

/** 2: a QR code (1 is the mini-program plug-in, which has none). */
const QR_SCENE = 2
const QR_FETCH_TIMEOUT_MS = 5000

function explainWecomError(error: unknown): never {
  if (error instanceof TencentApiError) {
    if (error.errcode === 40050) throw badRequest('GROUP_CHAT_GONE', '有客户群在企业微信里已不存在，请先同步客户群')
    if (error.errcode === 41045 || error.errcode === 41046) throw badRequest('JOIN_WAY_QUOTA', '企业的「联系我」与「加入群聊」数量已达上限')
  }
  throw error
}

export interface GroupLiveCodeDeps extends ServiceDeps {
  wecom: WecomClient
  groups: GroupChatService
}

export function createGroupLiveCodeService({ db, now, log, wecom, groups }: GroupLiveCodeDeps) {
  async function requireWay(id: number): Promise<WayRow> {
    const way = await first(db.select().from(groupJoinWays).where(and(eq(groupJoinWays.id, id), isNull(groupJoinWays.deletedAt))))
    if (!way) throw notFound('GROUP_LIVE_CODE_NOT_FOUND', '没有这个群活码')
    return way
  }

  function configOf(settings: Settings, chatIds: string[], state: string): JoinWayConfig {
    if (settings.autoCreateRoom && !settings.roomBaseName) throw badRequest('ROOM_BASE_NAME_REQUIRED', '自动建群需要填写新群的群名前缀')
    return {
      scene: QR_SCENE,
      remark: settings.name,
      auto_create_room: settings.autoCreateRoom ? 1 : 0,
      room_base_name: settings.roomBaseName,
      room_base_id: settings.roomBaseId,
      chat_id_list: chatIds,
      state,
    }
  }

  /** Joins through the code: members whose state is the code's. */
  const joinsOf = async (id: number) =>
    Number(
      (
        await first(
          db
            .select({ n: count() })
            .from(groupChatMemberEvents)
            .where(and(eq(groupChatMemberEvents.joinWayId, id), eq(groupChatMemberEvents.kind, 'join'))),
        )
      )?.n ?? 0,
    )

  async function view(way: WayRow): Promise<GroupLiveCode> {
    const rows = await groups.byChatIds(db, way.chatIds)
    return {
      id: way.id,
      name: way.name,
      state: way.state,
      qrCodeUrl: way.qrCodeUrl,
      autoCreateRoom: way.autoCreateRoom,
      roomBaseName: way.roomBaseName,
      roomBaseId: way.roomBaseId,
      groups: way.chatIds.map((chatId) => {
        const row = rows.find((candidate) => candidate.chatId === chatId)
        // A group WeCom opened for the code is named here once the sync or its create event brings it in.
        return { id: row?.id ?? null, chatId, name: row?.name ?? '新建的群（待同步）', memberCount: row?.memberCount ?? 0 }
      }),
      joins: await joinsOf(way.id),
      createdAt: way.createdAt.toISOString(),
    }
  }

  /** WeCom's view of the code after a change: the groups it rotated in and the next room number. */
  async function refreshFromWecom(way: WayRow): Promise<WayRow> {
    const current = await wecom.groupChats.getJoinWay(way.configId)
    const [row] = await db.transaction((tx) =>
      tx
        .update(groupJoinWays)
        .set({ chatIds: current.chat_id_list, roomBaseId: current.room_base_id ?? way.roomBaseId, qrCodeUrl: current.qr_code ?? way.qrCodeUrl })
        .where(eq(groupJoinWays.id, way.id))
        .returning(),
    )
    return row as WayRow
  }

  return {
    async list(): Promise<GroupLiveCodeList> {
      const rows = await db.select().from(groupJoinWays).where(isNull(groupJoinWays.deletedAt)).orderBy(desc(groupJoinWays.id))
      return { items: await Promise.all(rows.map(view)) }
    },

    async get(id: number): Promise<GroupLiveCode> {
      const way = await requireWay(id)
      // WeCom may have opened groups since: read them back, but show what we hold if it cannot answer.
      return view(await refreshFromWecom(way).catch((error: unknown) => (log.warn({ err: error, id }, 'join way not refreshed'), way)))
    },

    /** Creates the join way in WeCom first (its config_id and QR code are the code), then keeps it. */
    async create(input: CreateGroupLiveCodeRequest): Promise<GroupLiveCode> {
      const settings: Settings = { autoCreateRoom: true, roomBaseName: input.name, roomBaseId: 1, ...input }
      const chatIds = (await groups.requireGroups(settings.groupIds)).map((row) => row.chatId)
      // ≤ 30 characters, WeCom's limit for state.
      const state = `gc_${randomBytes(12).toString('base64url')}`
      const configId = await wecom.groupChats.addJoinWay(configOf(settings, chatIds, state)).catch(explainWecomError)
      try {
        const qrCode = (await wecom.groupChats.getJoinWay(configId)).qr_code ?? null
        const way = await db.transaction(async (tx) => {
          const [row] = await tx
            .insert(groupJoinWays)
            .values({
              name: settings.name,
              configId,
              state,
              qrCodeUrl: qrCode,
              autoCreateRoom: settings.autoCreateRoom,
              roomBaseName: settings.roomBaseName,
              roomBaseId: settings.roomBaseId,
              chatIds,
              updatedAt: now(),
            })
            .returning()
          return row as WayRow
        })
        return await view(way)
      } catch (error) {
        await wecom.groupChats.deleteJoinWay(configId).catch((cleanup: unknown) => {
          log.warn({ err: cleanup, configId }, 'join way left in WeCom after a failed create')
        })
        throw error
      }
    },

    /** update_join_way overwrites the whole configuration, so the whole of it is sent. */
    async update(id: number, change: UpdateGroupLiveCodeRequest): Promise<GroupLiveCode> {
      const way = await requireWay(id)
      const held = await groups.byChatIds(db, way.chatIds)
      const settings: Settings = {
        name: way.name,
        groupIds: held.map((row) => row.id),
        autoCreateRoom: way.autoCreateRoom,
        roomBaseName: way.roomBaseName,
        roomBaseId: way.roomBaseId,
        ...change,
      }
      const chatIds = change.groupIds ? (await groups.requireGroups(change.groupIds)).map((row) => row.chatId) : way.chatIds
      await wecom.groupChats.updateJoinWay({ config_id: way.configId, ...configOf(settings, chatIds, way.state) }).catch(explainWecomError)
      const [row] = await db.transaction((tx) =>
        tx
          .update(groupJoinWays)
          .set({
            name: settings.name,
            autoCreateRoom: settings.autoCreateRoom,
            roomBaseName: settings.roomBaseName,
            roomBaseId: settings.roomBaseId,
            chatIds,
            updatedAt: now(),
          })
          .where(eq(groupJoinWays.id, id))
          .returning(),
      )
      return view(row as WayRow)
    },

    /** Deletes the join way in WeCom (its QR code stops working); the joins it brought stay counted. */
    async remove(id: number): Promise<void> {
      const way = await requireWay(id)
      await wecom.groupChats.deleteJoinWay(way.configId).catch((error: unknown) => {
        if (!(error instanceof TencentApiError && error.errcode === 41044)) throw error
      })
      await db.transaction(async (tx) => {
        await tx.update(groupJoinWays).set({ deletedAt: now() }).where(eq(groupJoinWays.id, id))
      })
    },

    async stats(id: number, query: DayRangeQuery): Promise<GroupLiveCodeStats> {
      await requireWay(id)
      const range = and(
        eq(groupChatMemberEvents.joinWayId, id),
        eq(groupChatMemberEvents.kind, 'join'),
        query.from ? gte(groupChatMemberEvents.businessDay, query.from) : undefined,
        query.to ? lte(groupChatMemberEvents.businessDay, query.to) : undefined,
      )
      const byDay = await db
        .select({ date: groupChatMemberEvents.businessDay, joins: count() })
        .from(groupChatMemberEvents)
        .where(range)
        .groupBy(groupChatMemberEvents.businessDay)
        .orderBy(groupChatMemberEvents.businessDay)
      const byGroup = await db
        .select({ chatId: groupChats.chatId, name: groupChats.name, joins: count() })
        .from(groupChatMemberEvents)
        .innerJoin(groupChats, eq(groupChats.id, groupChatMemberEvents.groupChatId))
        .where(range)
        .groupBy(groupChats.id, groupChats.chatId, groupChats.name)
        .orderBy(desc(count()))
      // Of the members the code brought in, those no longer in their group.
      const left = await first(
        db
          .select({ n: sql<number>`count(*)` })
          .from(groupChatMembers)
          .where(and(eq(groupChatMembers.joinWayId, id), isNotNull(groupChatMembers.leftAt))),
      )
      const joins = byDay.reduce((sum, row) => sum + Number(row.joins), 0)
      return {
        liveCodeId: id,
        joins,
        leaves: Number(left?.n ?? 0),
        byDay: byDay.map((row) => ({ date: row.date, joins: Number(row.joins) })),
        byGroup: byGroup.map((row) => ({ ...row, joins: Number(row.joins) })),
      }
    },

    /** The QR image from WeCom's qr_code URL, for the console's download. */
    async qrImage(id: number): Promise<{ contentType: string; bytes: Buffer; fileName: string }> {
      const way = await requireWay(id)
      if (!way.qrCodeUrl) throw notFound('QR_CODE_UNAVAILABLE', '这个群活码没有二维码')
      let response: Response
      try {
        response = await fetch(way.qrCodeUrl, { signal: AbortSignal.timeout(QR_FETCH_TIMEOUT_MS) })
      } catch (error) {
        throw new TencentTransportError('wecom', 'qr_code', error)
      }
      const contentType = response.headers.get('content-type') ?? ''
      if (!response.ok || !contentType.startsWith('image/')) {
        throw new TencentTransportError('wecom', 'qr_code', new Error(`answered ${response.status} ${contentType}`))
      }
      return { contentType, bytes: Buffer.from(await response.arrayBuffer()), fileName: `${way.name}.png` }
    },
  }
}

export type GroupLiveCodeService = ReturnType<typeof createGroupLiveCodeService>
