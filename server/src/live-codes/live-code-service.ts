import { randomBytes } from 'node:crypto'
import fp from 'fastify-plugin'
import { and, count, countDistinct, desc, eq, getTableColumns, gte, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm'
import type {
  CreateLiveCodeRequest,
  LiveCode,
  LiveCodeList,
  LiveCodeStats,
  LiveCodeStatsQuery,
  UpdateLiveCodeRequest,
} from '@liuliang/shared'
import { TencentApiError, TencentTransportError } from '../clients/tencent-client'
import type { WecomClient } from '../clients/wecom-client'
import { first, type DbOrTx, type Tx } from '../db'
import {
  customerFollows,
  liveCodeAdds,
  liveCodes,
  liveCodeStaff,
  liveCodeTags,
  liveCodeWays,
  staff,
  type PushedContactWay,
} from '../db/schema'
import { badRequest, conflict, notFound } from '../errors'
import { runPeriodically } from '../scheduler/periodic'
import { serviceDeps, type ServiceDeps } from '../services'
import type { StaffService } from '../staff/staff-service'
import { checkExclusive, tagsById, type TagRow, type TagService } from '../tags/tag-service'
import type { WelcomeService } from '../welcome-messages/welcome-service'
import { nextMembers, type PoolMember } from './allocation'
import { businessClock, clockTimeToMinutes, isWithinShift, minutesToClockTime } from './business-clock'

type CodeRow = typeof liveCodes.$inferSelect
type Settings = Required<UpdateLiveCodeRequest>

/** 联系我 (WeCom doc 92572): several members, shown as a QR code. */
const MULTI_MEMBER = 2
const QR_CODE = 2
const MAX_MEMBERS = 100
/** Limits reset at midnight and shifts start and end without any add; the pool is re-checked this often. */
const REBALANCE_EVERY_MS = 60_000
const QR_FETCH_TIMEOUT_MS = 5000

/** WeCom's answers an admin can act on, in our words. */
function explainWecomError(error: unknown): never {
  if (error instanceof TencentApiError) {
    if (error.errcode === 60111 || error.errcode === 41009) throw badRequest('UNKNOWN_STAFF', '企业微信里没有这位成员')
    if (error.errcode === 41054) {
      throw conflict('STAFF_CANNOT_TAKE_CUSTOMERS', '有成员尚未激活、未实名或没有客户联系权限，不能放进活码')
    }
    if (error.errcode === 41041) throw badRequest('POOL_TOO_LARGE', `一个活码最多 ${MAX_MEMBERS} 位成员`)
  }
  throw error
}

const sameConfig = (a: PushedContactWay, b: PushedContactWay) =>
  a.remark === b.remark && a.skip_verify === b.skip_verify && a.user.join('|') === b.user.join('|')

export interface LiveCodeDeps extends ServiceDeps {
  timeZone: string
  wecom: WecomClient
  tags: TagService
  staff: StaffService
  welcomeMessages: WelcomeService
}

export function createLiveCodeService({ db, now, log, timeZone, wecom, tags, staff: staffService, welcomeMessages }: LiveCodeDeps) {
  const today = () => businessClock(now(), timeZone).date

  const requireCode = async (id: number): Promise<CodeRow> => {
    const code = await first(db.select().from(liveCodes).where(and(eq(liveCodes.id, id), isNull(liveCodes.deletedAt))))
    if (!code) throw notFound('LIVE_CODE_NOT_FOUND', '没有这个活码')
    return code
  }

  /** The pool in its order, primaries first, with each guide's adds through this code today. */
  function poolOf(tx: DbOrTx, codeId: number, day: string): Promise<(PoolMember & { name: string })[]> {
    const addsToday = tx
      .select({ staffId: liveCodeAdds.staffId, adds: count().as('adds') })
      .from(liveCodeAdds)
      .where(and(eq(liveCodeAdds.liveCodeId, codeId), eq(liveCodeAdds.businessDay, day)))
      .groupBy(liveCodeAdds.staffId)
      .as('adds_today')
    return tx
      .select({
        staffId: liveCodeStaff.staffId,
        userId: staff.userId,
        name: staff.name,
        role: liveCodeStaff.role,
        weight: liveCodeStaff.weight,
        addsToday: sql<number>`coalesce(${addsToday.adds}, 0)`,
      })
      .from(liveCodeStaff)
      .innerJoin(staff, eq(staff.id, liveCodeStaff.staffId))
      .leftJoin(addsToday, eq(addsToday.staffId, liveCodeStaff.staffId))
      .where(eq(liveCodeStaff.liveCodeId, codeId))
      .orderBy(liveCodeStaff.position)
  }

  const shiftOf = (code: Pick<CodeRow, 'shiftStartMinute' | 'shiftEndMinute'>) =>
    code.shiftStartMinute === null || code.shiftEndMinute === null
      ? null
      : { start: code.shiftStartMinute, end: code.shiftEndMinute }

  const workingHoursOf = (code: CodeRow) => {
    const shift = shiftOf(code)
    return shift ? { start: minutesToClockTime(shift.start), end: minutesToClockTime(shift.end) } : null
  }

  const lastAddOf = async (tx: DbOrTx, codeId: number) =>
    (
      await first(
        tx
          .select({ staffId: liveCodeAdds.staffId })
          .from(liveCodeAdds)
          .where(eq(liveCodeAdds.liveCodeId, codeId))
          .orderBy(desc(liveCodeAdds.id)),
      )
    )?.staffId ?? null

  /** What the contact way should carry now: its remark, skip-verify, and the guide whose turn it is. */
  function desiredConfig(
    code: Pick<CodeRow, 'name' | 'skipVerify' | 'allocation' | 'dailyAddLimit' | 'shiftStartMinute' | 'shiftEndMinute'>,
    members: PoolMember[],
    lastStaffId: number | null,
  ): PushedContactWay {
    const { minutes } = businessClock(now(), timeZone)
    const user = nextMembers({
      allocation: code.allocation,
      dailyAddLimit: code.dailyAddLimit,
      onShift: isWithinShift(minutes, shiftOf(code)),
      members,
      lastStaffId,
    })
    return { remark: code.name, skip_verify: code.skipVerify, user }
  }

  async function push(codeId: number): Promise<void> {
    const code = await first(db.select().from(liveCodes).where(eq(liveCodes.id, codeId)))
    if (!code || code.deletedAt) return
    const config = desiredConfig(code, await poolOf(db, code.id, today()), await lastAddOf(db, code.id))
    if (sameConfig(code.pushedConfig, config)) return
    await wecom.updateContactWay({ config_id: code.configId, ...config })
    // The code's further ways hand their adds to the same guide.
    const ways = await db
      .select({ configId: liveCodeWays.configId })
      .from(liveCodeWays)
      .where(and(eq(liveCodeWays.liveCodeId, code.id), isNull(liveCodeWays.deletedAt)))
    for (const way of ways) await wecom.updateContactWay({ config_id: way.configId, ...config })
    await db.transaction(async (tx) => {
      await tx.update(liveCodes).set({ pushedConfig: config }).where(eq(liveCodes.id, code.id))
    })
  }

  // One push at a time per code, each computed from the database as it is when its turn comes, so
  // the last push always reflects the latest add even when adds arrive together.
  const queues = new Map<number, Promise<void>>()
  function rebalance(codeId: number): Promise<void> {
    const next = (queues.get(codeId) ?? Promise.resolve()).catch(() => undefined).then(() => push(codeId))
    queues.set(codeId, next)
    const forget = () => {
      if (queues.get(codeId) === next) queues.delete(codeId)
    }
    next.then(forget, forget)
    return next
  }

  /** The pool's guides (known to us from then on) and tags, checked against each other. */
  async function resolve(settings: Settings) {
    const both = settings.staffUserIds.filter((userId) => settings.backupStaffUserIds.includes(userId))
    if (both.length > 0) throw badRequest('STAFF_IN_BOTH_POOLS', `这些成员不能既是接待导购又是备用导购：${both.join(', ')}`)
    const strangers = Object.keys(settings.weights).filter((userId) => !settings.staffUserIds.includes(userId))
    if (strangers.length > 0) throw badRequest('WEIGHT_FOR_UNKNOWN_STAFF', `权重里有不在接待导购中的成员：${strangers.join(', ')}`)
    if (settings.staffUserIds.length + settings.backupStaffUserIds.length > MAX_MEMBERS) {
      throw badRequest('POOL_TOO_LARGE', `一个活码最多 ${MAX_MEMBERS} 位成员`)
    }
    const tagRows = await tags.requireTags(settings.tagIds)
    checkExclusive(tagRows)
    const member = (userId: string) => staffService.ensureStaff(userId).catch(explainWecomError)
    const primaries = await Promise.all(settings.staffUserIds.map(member))
    const backups = await Promise.all(settings.backupStaffUserIds.map(member))
    const members: (PoolMember & { position: number })[] = [
      ...primaries.map((row) => ({ role: 'primary' as const, weight: settings.weights[row.userId] ?? 1, row })),
      ...backups.map((row) => ({ role: 'backup' as const, weight: 1, row })),
    ].map(({ role, weight, row }, position) => ({ staffId: row.id, userId: row.userId, role, weight, position, addsToday: 0 }))
    return { members, tagRows }
  }

  function columnsOf(settings: Settings) {
    return {
      name: settings.name,
      allocation: settings.allocation,
      dailyAddLimit: settings.dailyAddLimit,
      shiftStartMinute: settings.workingHours ? clockTimeToMinutes(settings.workingHours.start) : null,
      shiftEndMinute: settings.workingHours ? clockTimeToMinutes(settings.workingHours.end) : null,
      skipVerify: settings.skipVerify,
      updatedAt: now(),
    }
  }

  async function writePoolAndTags(tx: Tx, codeId: number, resolved: Awaited<ReturnType<typeof resolve>>): Promise<void> {
    await tx.delete(liveCodeStaff).where(eq(liveCodeStaff.liveCodeId, codeId))
    await tx.delete(liveCodeTags).where(eq(liveCodeTags.liveCodeId, codeId))
    for (const member of resolved.members) {
      await tx
        .insert(liveCodeStaff)
        .values({ liveCodeId: codeId, staffId: member.staffId, role: member.role, weight: member.weight, position: member.position })
    }
    for (const tag of resolved.tagRows) await tx.insert(liveCodeTags).values({ liveCodeId: codeId, tagId: tag.id })
  }

  async function tagsOf(codeId: number): Promise<TagRow[]> {
    const ids = await db.select({ tagId: liveCodeTags.tagId }).from(liveCodeTags).where(eq(liveCodeTags.liveCodeId, codeId))
    return (await tagsById(db, ids.map((row) => row.tagId))).sort((a, b) => a.groupId - b.groupId || a.id - b.id)
  }

  /** Adds through the code joined with what became of each relation since. */
  const lostSum = sql<number>`coalesce(sum(case when ${customerFollows.status} = 'lost' then 1 else 0 end), 0)`
  const followOfAdd = and(
    eq(customerFollows.customerId, liveCodeAdds.customerId),
    eq(customerFollows.staffId, liveCodeAdds.staffId),
  )

  async function settingsOf(code: CodeRow): Promise<Settings> {
    const pool = await poolOf(db, code.id, today())
    const primaries = pool.filter((member) => member.role === 'primary')
    return {
      name: code.name,
      staffUserIds: primaries.map((member) => member.userId),
      backupStaffUserIds: pool.filter((member) => member.role === 'backup').map((member) => member.userId),
      dailyAddLimit: code.dailyAddLimit,
      allocation: code.allocation,
      weights: Object.fromEntries(primaries.map((member) => [member.userId, member.weight])),
      workingHours: workingHoursOf(code),
      skipVerify: code.skipVerify,
      tagIds: (await tagsOf(code.id)).map((tag) => tag.id),
      welcomeText: await welcomeMessages.liveCodeText(code.id),
    }
  }

  async function view(code: CodeRow): Promise<LiveCode> {
    const pool = await poolOf(db, code.id, today())
    const member = ({ userId, name, weight, addsToday }: (typeof pool)[number]) => ({
      staffUserId: userId,
      staffName: name,
      weight,
      addsToday,
    })
    const totals = (await first(
      db
        .select({ adds: count(), lost: lostSum })
        .from(liveCodeAdds)
        .leftJoin(customerFollows, followOfAdd)
        .where(eq(liveCodeAdds.liveCodeId, code.id)),
    )) ?? { adds: 0, lost: 0 }
    return {
      id: code.id,
      name: code.name,
      state: code.state,
      qrCodeUrl: code.qrCodeUrl,
      allocation: code.allocation,
      dailyAddLimit: code.dailyAddLimit,
      workingHours: workingHoursOf(code),
      skipVerify: code.skipVerify,
      staff: pool.filter((m) => m.role === 'primary').map(member),
      backupStaff: pool.filter((m) => m.role === 'backup').map(member),
      currentStaffUserIds: code.pushedConfig.user,
      tags: (await tagsOf(code.id)).map(({ wecomTagId: _w, exclusive: _e, ...tag }) => tag),
      welcomeText: await welcomeMessages.liveCodeText(code.id),
      adds: totals.adds,
      lost: totals.lost,
      createdAt: code.createdAt.toISOString(),
    }
  }

  return {
    /**
     * Creates the WeCom contact way first (its config_id and QR code are the code), then keeps it
     * here; if keeping fails the way is deleted again so no orphan QR code is left in WeCom.
     */
    async create(input: CreateLiveCodeRequest): Promise<LiveCode> {
      const settings: Settings = {
        backupStaffUserIds: [],
        allocation: 'round_robin',
        weights: {},
        workingHours: null,
        skipVerify: true,
        tagIds: [],
        welcomeText: null,
        ...input,
      }
      const resolved = await resolve(settings)
      // ≤ 30 characters, WeCom's limit for state.
      const state = `lc_${randomBytes(12).toString('base64url')}`
      const columns = columnsOf(settings)
      const config = desiredConfig(columns, resolved.members, null)
      const way = await wecom
        .addContactWay({ type: MULTI_MEMBER, scene: QR_CODE, state, ...config })
        .catch(explainWecomError)
      try {
        const code = await db.transaction(async (tx) => {
          const [row] = await tx
            .insert(liveCodes)
            .values({ ...columns, state, configId: way.config_id, qrCodeUrl: way.qr_code ?? null, pushedConfig: config })
            .returning()
          const created = row as CodeRow
          await writePoolAndTags(tx, created.id, resolved)
          await welcomeMessages.setForLiveCode(tx, created, settings.welcomeText)
          return created
        })
        return await view(code)
      } catch (error) {
        await wecom.deleteContactWay(way.config_id).catch((cleanup: unknown) => {
          log.warn({ err: cleanup, configId: way.config_id }, 'contact way left in WeCom after a failed create')
        })
        throw error
      }
    },

    /**
     * Saves the change, then pushes the resulting contact way to WeCom. Should the push fail the
     * change stays saved and the next periodic check pushes it.
     */
    async update(id: number, change: UpdateLiveCodeRequest): Promise<LiveCode> {
      const code = await requireCode(id)
      const current = await settingsOf(code)
      const staffUserIds = change.staffUserIds ?? current.staffUserIds
      // Weights follow the guides: one who leaves the pool takes theirs along.
      const weights = Object.fromEntries(Object.entries(current.weights).filter(([userId]) => staffUserIds.includes(userId)))
      const settings = { ...current, weights, ...change }
      const resolved = await resolve(settings)
      await db.transaction(async (tx) => {
        const [row] = await tx.update(liveCodes).set(columnsOf(settings)).where(eq(liveCodes.id, id)).returning()
        await writePoolAndTags(tx, id, resolved)
        if (change.welcomeText !== undefined) await welcomeMessages.setForLiveCode(tx, row as CodeRow, change.welcomeText)
      })
      await rebalance(id).catch(explainWecomError)
      return view(await requireCode(id))
    },

    /** Deletes the WeCom contact way (its QR code stops working); the adds and stats stay. */
    async remove(id: number): Promise<void> {
      const code = await requireCode(id)
      const ways = await first(
        db.select({ n: count() }).from(liveCodeWays).where(and(eq(liveCodeWays.liveCodeId, id), isNull(liveCodeWays.deletedAt))),
      )
      if ((ways?.n ?? 0) > 0) throw conflict('LIVE_CODE_IN_USE', '有任务宝活动正在用这个活码的导购池，请先删除活动')
      await wecom.deleteContactWay(code.configId).catch((error: unknown) => {
        // 41044: WeCom no longer knows it, which is where we are going anyway.
        if (!(error instanceof TencentApiError && error.errcode === 41044)) throw error
      })
      await db.transaction(async (tx) => {
        await tx.update(liveCodes).set({ deletedAt: now() }).where(eq(liveCodes.id, id))
        await welcomeMessages.setForLiveCode(tx, code, null)
      })
    },

    async list(): Promise<LiveCodeList> {
      const rows = await db.select().from(liveCodes).where(isNull(liveCodes.deletedAt)).orderBy(desc(liveCodes.id))
      return { items: await Promise.all(rows.map(view)) }
    },

    get: async (id: number): Promise<LiveCode> => view(await requireCode(id)),

    async stats(id: number, query: LiveCodeStatsQuery): Promise<LiveCodeStats> {
      await requireCode(id)
      const conditions: SQL[] = [eq(liveCodeAdds.liveCodeId, id)]
      if (query.from) conditions.push(gte(liveCodeAdds.businessDay, query.from))
      if (query.to) conditions.push(lte(liveCodeAdds.businessDay, query.to))
      const where = and(...conditions)
      const totals = (await first(
        db
          .select({ adds: count(), customers: countDistinct(liveCodeAdds.customerId), lost: lostSum })
          .from(liveCodeAdds)
          .leftJoin(customerFollows, followOfAdd)
          .where(where),
      )) ?? { adds: 0, customers: 0, lost: 0 }
      const byDay = await db
        .select({ date: liveCodeAdds.businessDay, adds: count(), lost: lostSum })
        .from(liveCodeAdds)
        .leftJoin(customerFollows, followOfAdd)
        .where(where)
        .groupBy(liveCodeAdds.businessDay)
        .orderBy(liveCodeAdds.businessDay)
      const byStaff = await db
        .select({ staffUserId: staff.userId, staffName: staff.name, adds: count(), lost: lostSum })
        .from(liveCodeAdds)
        .innerJoin(staff, eq(staff.id, liveCodeAdds.staffId))
        .leftJoin(customerFollows, followOfAdd)
        .where(where)
        .groupBy(staff.id)
        .orderBy(desc(count()), staff.userId)
      return { liveCodeId: id, ...totals, byDay, byStaff }
    },

    /** The QR image, fetched from WeCom's qr_code URL so the console can offer it as a download. */
    async qrImage(id: number): Promise<{ contentType: string; bytes: Buffer; fileName: string }> {
      const code = await requireCode(id)
      if (!code.qrCodeUrl) throw notFound('QR_CODE_UNAVAILABLE', '这个活码没有二维码')
      let response: Response
      try {
        response = await fetch(code.qrCodeUrl, { signal: AbortSignal.timeout(QR_FETCH_TIMEOUT_MS) })
      } catch (error) {
        throw new TencentTransportError('wecom', 'qr_code', error)
      }
      const contentType = response.headers.get('content-type') ?? ''
      if (!response.ok || !contentType.startsWith('image/')) {
        throw new TencentTransportError('wecom', 'qr_code', new Error(`answered ${response.status} ${contentType}`))
      }
      const extension = contentType.includes('png') ? 'png' : 'jpg'
      return { contentType, bytes: Buffer.from(await response.arrayBuffer()), fileName: `${code.name}.${extension}` }
    },

    /**
     * The code an add event's State names, through its own way or one of its further ways; a deleted
     * one still counts adds already under way.
     */
    findByState: async (state: string): Promise<CodeRow | undefined> =>
      (await first(db.select().from(liveCodes).where(eq(liveCodes.state, state)))) ??
      first(
        db
          .select(getTableColumns(liveCodes))
          .from(liveCodeWays)
          .innerJoin(liveCodes, eq(liveCodes.id, liveCodeWays.liveCodeId))
          .where(eq(liveCodeWays.state, state)),
      ),

    /**
     * A further contact way of the code, with its own state, handing adds to the guides whose turn it
     * is; kept with `keepWay` in the caller's unit of work (or given back with `dropWay`).
     */
    async openWay(id: number, state: string): Promise<{ configId: string; qrCodeUrl: string }> {
      const code = await requireCode(id)
      const way = await wecom.addContactWay({ type: MULTI_MEMBER, scene: QR_CODE, state, ...code.pushedConfig }).catch(explainWecomError)
      if (!way.qr_code) throw new Error('WeCom answered a QR-code contact way without its qr_code')
      return { configId: way.config_id, qrCodeUrl: way.qr_code }
    },

    async keepWay(tx: Tx, way: { liveCodeId: number; state: string; configId: string; qrCodeUrl: string }): Promise<void> {
      await tx.insert(liveCodeWays).values({ ...way, createdAt: now() })
    },

    /** A further way by its state, with its QR code. */
    wayOf: (state: string) => first(db.select().from(liveCodeWays).where(eq(liveCodeWays.state, state))),

    /** Deletes a way in WeCom that was not kept (its QR code stops working). */
    async dropWay(configId: string): Promise<void> {
      await wecom.deleteContactWay(configId).catch((error: unknown) => {
        log.warn({ err: error, configId }, 'contact way left in WeCom')
      })
    },

    /** Deletes further ways by state in WeCom and here: their QR codes stop working. */
    async retireWays(states: string[]): Promise<void> {
      if (states.length === 0) return
      const ways = await db
        .select()
        .from(liveCodeWays)
        .where(and(inArray(liveCodeWays.state, states), isNull(liveCodeWays.deletedAt)))
      for (const way of ways) {
        await wecom.deleteContactWay(way.configId).catch((error: unknown) => {
          // 41044: WeCom no longer knows it, which is where we are going anyway.
          if (!(error instanceof TencentApiError && error.errcode === 41044)) throw error
        })
        await db.transaction(async (tx) => {
          await tx.update(liveCodeWays).set({ deletedAt: now() }).where(eq(liveCodeWays.id, way.id))
        })
      }
    },

    tagsOf,

    /** Counts an add towards the guide's daily limit and the code's stats; once per customer, guide and day. */
    async recordAdd(tx: Tx, add: { liveCodeId: number; customerId: number; staffId: number; at: Date }): Promise<void> {
      await tx
        .insert(liveCodeAdds)
        .values({ ...add, businessDay: businessClock(add.at, timeZone).date, addedAt: add.at })
        .onConflictDoNothing()
    },

    /** Re-runs the allocation and pushes the contact way when it changed; after each add and on a timer. */
    rebalance,

    async rebalanceAll(): Promise<void> {
      const codes = await db.select({ id: liveCodes.id }).from(liveCodes).where(isNull(liveCodes.deletedAt))
      for (const { id } of codes) {
        await rebalance(id).catch((error: unknown) => log.warn({ err: error, liveCodeId: id }, 'live code not rebalanced'))
      }
    },
  }
}

export type LiveCodeService = ReturnType<typeof createLiveCodeService>

declare module 'fastify' {
  interface FastifyInstance {
    liveCodes: LiveCodeService
  }
}

export default fp(
  async (app, { timeZone }: { timeZone: string }) => {
    const service = createLiveCodeService({
      ...serviceDeps(app),
      timeZone,
      wecom: app.wecom,
      tags: app.tags,
      staff: app.staff,
      welcomeMessages: app.welcomeMessages,
    })
    app.decorate('liveCodes', service)
    runPeriodically(app, { name: 'live code rebalance', everyMs: REBALANCE_EVERY_MS, shared: true, work: () => service.rebalanceAll() })
  },
  { name: 'live-codes', dependencies: ['db', 'clock', 'tencent-clients', 'staff', 'tags', 'welcome-messages'] },
)
