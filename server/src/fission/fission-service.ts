// Task fission (任务宝): a participant's personal contact way (a further way of the activity's live
// code, whose state names them) collects the friends who add a guide through it; new friends count,
// and reaching the goal issues the reward once, through the points ledger, a coupon or the mall.
import { randomBytes } from 'node:crypto'
import fp from 'fastify-plugin'
import { and, count, countDistinct, desc, eq, gt, gte, inArray, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm'
import type {
  CreateFissionActivityRequest,
  CursorQuery,
  FissionActivity,
  FissionActivityList,
  FissionFunnel,
  FissionInviteListQuery,
  FissionInvitePage,
  FissionInviteStatus,
  FissionParticipant,
  FissionParticipantPage,
  FissionReward,
  FissionRewardView,
  FissionStatus,
  MpFissionActivity,
  MpFissionActivityList,
  MpFissionPoster,
  MpFissionProgress,
  UpdateFissionActivityRequest,
} from '@liuliang/shared'
import type { CouponService } from '../coupons/coupon-service'
import { afterCommit, first, type DbOrTx, type Tx } from '../db'
import { cursorBefore, pageOf } from '../db/paging'
import {
  couponTemplates,
  customerFollows,
  customers,
  fissionActivities,
  fissionInvites,
  fissionParticipants,
  fissionPosterViews,
  liveCodes,
  mallItems,
  staff,
} from '../db/schema'
import { AppError, badRequest, conflict, notFound } from '../errors'
import type { LiveCodeService } from '../live-codes/live-code-service'
import type { MallService } from '../mall/mall-service'
import type { PointsService } from '../points/points-service'
import type { Scheduler } from '../scheduler/scheduler'
import { serviceDeps, type ServiceDeps } from '../services'

type ActivityRow = typeof fissionActivities.$inferSelect
type ParticipantRow = typeof fissionParticipants.$inferSelect

/** Add events name a participant with this prefix; live codes use `lc_`. */
const STATE_PREFIX = 'fi_'
const FRIENDS_SHOWN = 50

export const FISSION_RETIRE_JOB = 'fission-retire-codes'
/**
 * The participants' codes keep adding friends to the guides for a while after the end (they count
 * as 活动外添加); then they are deleted in WeCom, whose contact ways are limited per corp.
 */
export const RETIRE_CODES_AFTER_MS = 30 * 24 * 3600 * 1000

const iso = (date: Date | null) => date?.toISOString() ?? null

export function statusAt(activity: Pick<ActivityRow, 'startsAt' | 'endsAt'>, at: Date): FissionStatus {
  if (at < activity.startsAt) return 'upcoming'
  return at < activity.endsAt ? 'running' : 'ended'
}

const toParticipant = (participant: ParticipantRow, customerName: string | null, posterViews: number): FissionParticipant => ({
  id: participant.id,
  customerId: participant.customerId,
  customerName,
  state: participant.state,
  invited: participant.invited,
  rewardState: participant.rewardState,
  rewardedAt: iso(participant.rewardedAt),
  rewardError: participant.rewardError,
  posterViews,
  joinedAt: participant.createdAt.toISOString(),
})

/** What a customer may read of another customer: their WeChat name, or a neutral stand-in. */
const shownName = (name: string | null) => name ?? '微信好友'

export interface FissionDeps extends ServiceDeps {
  liveCodes: LiveCodeService
  points: PointsService
  coupons: CouponService
  mall: MallService
  scheduler: Scheduler
}

export function createFissionService({ db, now, log, liveCodes: codes, points, coupons, mall, scheduler }: FissionDeps) {
  const activityOr404 = async (tx: DbOrTx, id: number): Promise<ActivityRow> => {
    const row = await first(tx.select().from(fissionActivities).where(and(eq(fissionActivities.id, id), isNull(fissionActivities.deletedAt))))
    if (!row) throw notFound('FISSION_ACTIVITY_NOT_FOUND', '没有这个任务宝活动')
    return row
  }

  /** The reward's terms checked against what exists: the coupon is being issued, the gift is on the shelf. */
  async function rewardColumns(reward: FissionReward, revokeOnWithdraw: boolean) {
    if (revokeOnWithdraw && reward.kind !== 'points') {
      throw badRequest('REVOKE_NEEDS_POINTS', '只有积分奖励能在邀请撤回时收回；优惠券和礼品发出后不再收回')
    }
    if (reward.kind === 'points') {
      if (!reward.points) throw badRequest('REWARD_POINTS_REQUIRED', '积分奖励需要填写积分数')
      return { rewardKind: reward.kind, rewardPoints: reward.points, rewardCouponTemplateId: null, rewardMallItemId: null }
    }
    if (reward.kind === 'coupon') {
      if (!reward.couponTemplateId) throw badRequest('REWARD_COUPON_REQUIRED', '优惠券奖励需要选择优惠券')
      const template = await first(db.select().from(couponTemplates).where(eq(couponTemplates.id, reward.couponTemplateId)))
      if (!template) throw notFound('COUPON_TEMPLATE_NOT_FOUND', '没有这个优惠券模板')
      if (!template.active) throw conflict('COUPON_TEMPLATE_INACTIVE', `「${template.name}」已停止发放`)
      return { rewardKind: reward.kind, rewardPoints: null, rewardCouponTemplateId: template.id, rewardMallItemId: null }
    }
    if (!reward.mallItemId) throw badRequest('REWARD_GIFT_REQUIRED', '礼品奖励需要选择积分商城的商品')
    const item = await first(db.select().from(mallItems).where(eq(mallItems.id, reward.mallItemId)))
    if (!item) throw notFound('MALL_ITEM_NOT_FOUND', '没有这个商品')
    return { rewardKind: reward.kind, rewardPoints: null, rewardCouponTemplateId: null, rewardMallItemId: item.id }
  }

  function checkWindow(startsAt: Date, endsAt: Date): void {
    if (endsAt <= startsAt) throw badRequest('INVALID_TIME_WINDOW', '结束时间必须晚于开始时间')
  }

  const rewardTerms = (row: ActivityRow): FissionReward => ({
    kind: row.rewardKind,
    points: row.rewardPoints ?? undefined,
    couponTemplateId: row.rewardCouponTemplateId ?? undefined,
    mallItemId: row.rewardMallItemId ?? undefined,
  })

  async function rewardOf(row: ActivityRow): Promise<FissionRewardView> {
    const title =
      row.rewardKind === 'points'
        ? `${row.rewardPoints} 积分`
        : row.rewardKind === 'coupon'
          ? ((await first(db.select({ name: couponTemplates.name }).from(couponTemplates).where(eq(couponTemplates.id, row.rewardCouponTemplateId ?? 0))))
              ?.name ?? '优惠券')
          : ((await first(db.select({ name: mallItems.name }).from(mallItems).where(eq(mallItems.id, row.rewardMallItemId ?? 0))))?.name ??
            '礼品')
    return {
      kind: row.rewardKind,
      points: row.rewardPoints,
      couponTemplateId: row.rewardCouponTemplateId,
      mallItemId: row.rewardMallItemId,
      title,
    }
  }

  async function view(row: ActivityRow): Promise<FissionActivity> {
    const code = await first(db.select({ name: liveCodes.name }).from(liveCodes).where(eq(liveCodes.id, row.liveCodeId)))
    const totals = await first(
      db
        .select({
          participants: count(),
          rewarded: sql<number>`coalesce(sum(case when ${fissionParticipants.rewardState} = 'issued' then 1 else 0 end), 0)`,
          counted: sql<number>`coalesce(sum(${fissionParticipants.invited}), 0)`,
        })
        .from(fissionParticipants)
        .where(eq(fissionParticipants.activityId, row.id)),
    )
    return {
      id: row.id,
      name: row.name,
      liveCodeId: row.liveCodeId,
      liveCodeName: code?.name ?? '',
      goal: row.goal,
      reward: await rewardOf(row),
      revokeOnWithdraw: row.revokeOnWithdraw,
      startsAt: row.startsAt.toISOString(),
      endsAt: row.endsAt.toISOString(),
      rules: row.rules,
      posterImageUrl: row.posterImageUrl,
      status: statusAt(row, now()),
      participants: totals?.participants ?? 0,
      counted: Number(totals?.counted ?? 0),
      rewarded: Number(totals?.rewarded ?? 0),
      createdAt: row.createdAt.toISOString(),
    }
  }

  /** Planned again whenever the end moves; a plan for an end that moved finds nothing due. */
  const planRetirement = (tx: Tx, row: ActivityRow) =>
    scheduler.schedule(tx, {
      kind: FISSION_RETIRE_JOB,
      key: `${row.id}:${row.endsAt.getTime()}`,
      runAt: new Date(row.endsAt.getTime() + RETIRE_CODES_AFTER_MS),
      payload: { activityId: row.id },
    })

  /** The job: once the activity is long over, its participants' codes are deleted in WeCom after the commit. */
  async function retireCodes(tx: Tx, activityId: number, at: Date): Promise<void> {
    const row = await first(tx.select().from(fissionActivities).where(eq(fissionActivities.id, activityId)))
    if (!row || at.getTime() < row.endsAt.getTime() + RETIRE_CODES_AFTER_MS) return
    const states = (await tx.select({ state: fissionParticipants.state }).from(fissionParticipants).where(eq(fissionParticipants.activityId, activityId))).map(
      (participant) => participant.state,
    )
    afterCommit(() => void codes.retireWays(states).catch((error: unknown) => log.warn({ err: error, activityId }, 'fission codes not retired')))
  }

  // ---- the reward ----

  const rewardKey = (participant: ParticipantRow) => `fission:${participant.id}:${participant.rewardRound}`

  async function issueReward(tx: Tx, activity: ActivityRow, participant: ParticipantRow, at: Date): Promise<void> {
    const customerId = participant.customerId
    const idempotencyKey = rewardKey(participant)
    if (activity.rewardKind === 'points') {
      await points.credit(tx, {
        customerId,
        amount: activity.rewardPoints ?? 0,
        reason: 'fission_reward',
        title: `任务宝「${activity.name}」奖励`,
        idempotencyKey,
        at,
      })
    } else if (activity.rewardKind === 'coupon') {
      await coupons.issue(tx, { customerId, templateId: activity.rewardCouponTemplateId ?? 0, source: 'fission', idempotencyKey, at })
    } else {
      await mall.give(tx, { customerId, itemId: activity.rewardMallItemId ?? 0, idempotencyKey, couponSource: 'fission', at })
    }
  }

  /**
   * The participant's count reached the goal: the reward is claimed by a conditional update of their
   * row (the unit of work already holds it), so it is issued once however many adds arrive together.
   * A ledger that refuses (the coupon stopped, the gift ran out) leaves the reward failed, to be tried
   * again at the next counted add; the add itself still counts.
   */
  async function rewardIfDue(tx: Tx, activity: ActivityRow, participant: ParticipantRow, at: Date): Promise<void> {
    if (participant.invited < activity.goal || participant.rewardState === 'issued') return
    const [claimed] = await tx
      .update(fissionParticipants)
      .set({ rewardState: 'issued', rewardRound: sql`${fissionParticipants.rewardRound} + 1`, rewardedAt: at, rewardError: null })
      .where(and(eq(fissionParticipants.id, participant.id), ne(fissionParticipants.rewardState, 'issued')))
      .returning()
    if (!claimed) return
    try {
      await tx.transaction((savepoint) => issueReward(savepoint, activity, claimed, at))
    } catch (error) {
      if (!(error instanceof AppError)) throw error
      log.warn({ participantId: participant.id, code: error.code }, 'fission reward refused by its ledger')
      await tx
        .update(fissionParticipants)
        .set({ rewardState: 'failed', rewardError: error.message })
        .where(eq(fissionParticipants.id, participant.id))
    }
  }

  /** Points only, when the operator chose so: the count fell below the goal after the reward was issued. */
  async function revokeIfShort(tx: Tx, activity: ActivityRow, participant: ParticipantRow, at: Date): Promise<void> {
    if (!activity.revokeOnWithdraw || activity.rewardKind !== 'points') return
    if (participant.invited >= activity.goal || participant.rewardState !== 'issued') return
    try {
      await tx.transaction((savepoint) =>
        points.debit(savepoint, {
          customerId: participant.customerId,
          amount: activity.rewardPoints ?? 0,
          reason: 'fission_revoked',
          title: `任务宝「${activity.name}」好友删除，收回奖励`,
          idempotencyKey: `fission-revoke:${participant.id}:${participant.rewardRound}`,
          at,
        }),
      )
      await tx.update(fissionParticipants).set({ rewardState: 'revoked' }).where(eq(fissionParticipants.id, participant.id))
    } catch (error) {
      if (!(error instanceof AppError)) throw error
      // The points were spent already: the reward stays, and the console says why.
      await tx
        .update(fissionParticipants)
        .set({ rewardError: `未能收回奖励：${error.message}` })
        .where(eq(fissionParticipants.id, participant.id))
    }
  }

  /** Changes the participant's count by one; the row stays locked to this unit of work until it ends. */
  async function moveCount(tx: Tx, participantId: number, by: 1 | -1): Promise<ParticipantRow> {
    const [row] = await tx
      .update(fissionParticipants)
      .set({ invited: sql`${fissionParticipants.invited} + ${by}` })
      .where(eq(fissionParticipants.id, participantId))
      .returning()
    return row as ParticipantRow
  }

  // ---- what the add and delete callbacks tell ----

  /**
   * A friend added a guide through a participant's code. Only a friend new to the brand counts (no
   * guide had ever had them as a contact), not the participant themself, only while the activity
   * runs, and for one inviter only: the credit is a unique row, so two adds racing for the same friend
   * leave one counted and one duplicate.
   */
  async function friendAdded(
    tx: Tx,
    add: { customerId: number; staffId: number; state: string | null; readded: boolean; at: Date },
  ): Promise<void> {
    if (!add.state?.startsWith(STATE_PREFIX)) return
    const found = await first(
      tx
        .select({ participant: fissionParticipants, activity: fissionActivities })
        .from(fissionParticipants)
        .innerJoin(fissionActivities, eq(fissionActivities.id, fissionParticipants.activityId))
        .where(eq(fissionParticipants.state, add.state)),
    )
    if (!found) return
    const { participant, activity } = found
    const invite = { activityId: activity.id, participantId: participant.id, friendCustomerId: add.customerId, staffId: add.staffId, addedAt: add.at }
    const record = (status: FissionInviteStatus) => tx.insert(fissionInvites).values({ ...invite, status })
    if (participant.customerId === add.customerId) return void (await record('self'))
    if (activity.deletedAt || statusAt(activity, add.at) !== 'running') return void (await record('ended'))
    const otherFollows = await first(
      tx
        .select({ n: count() })
        .from(customerFollows)
        .where(and(eq(customerFollows.customerId, add.customerId), ne(customerFollows.staffId, add.staffId))),
    )
    if (add.readded || (otherFollows?.n ?? 0) > 0) return void (await record('not_new'))
    const [credited] = await tx
      .insert(fissionInvites)
      .values({ ...invite, status: 'counted', creditedFriendId: add.customerId })
      .onConflictDoNothing()
      .returning({ id: fissionInvites.id })
    if (!credited) return void (await record('duplicate'))
    await rewardIfDue(tx, activity, await moveCount(tx, participant.id, 1), add.at)
  }

  /** The friend deleted the guide they added while the activity ran: the invite is withdrawn. */
  async function friendLost(tx: Tx, loss: { customerId: number; staffId: number; at: Date }): Promise<void> {
    const counted = await tx
      .select({ invite: fissionInvites, activity: fissionActivities })
      .from(fissionInvites)
      .innerJoin(fissionActivities, eq(fissionActivities.id, fissionInvites.activityId))
      .where(
        and(
          eq(fissionInvites.friendCustomerId, loss.customerId),
          eq(fissionInvites.staffId, loss.staffId),
          eq(fissionInvites.status, 'counted'),
          gt(fissionActivities.endsAt, loss.at),
        ),
      )
    for (const { invite, activity } of counted) {
      const [withdrawn] = await tx
        .update(fissionInvites)
        .set({ status: 'withdrawn', withdrawnAt: loss.at })
        .where(and(eq(fissionInvites.id, invite.id), eq(fissionInvites.status, 'counted')))
        .returning({ id: fissionInvites.id })
      if (!withdrawn) continue
      await revokeIfShort(tx, activity, await moveCount(tx, invite.participantId, -1), loss.at)
    }
  }

  // ---- the mini-program ----

  async function progressOf(participant: ParticipantRow, goal: number): Promise<MpFissionProgress> {
    const way = await codes.wayOf(participant.state)
    const friends = await db
      .select({ name: customers.name, avatarUrl: customers.avatarUrl, status: fissionInvites.status, addedAt: fissionInvites.addedAt })
      .from(fissionInvites)
      .innerJoin(customers, eq(customers.id, fissionInvites.friendCustomerId))
      .where(and(eq(fissionInvites.participantId, participant.id), inArray(fissionInvites.status, ['counted', 'withdrawn'])))
      .orderBy(desc(fissionInvites.id))
      .limit(FRIENDS_SHOWN)
    return {
      state: participant.state,
      qrCodeUrl: way?.qrCodeUrl ?? '',
      invited: participant.invited,
      goal,
      rewardState: participant.rewardState,
      rewardedAt: iso(participant.rewardedAt),
      friends: friends.map((friend) => ({ ...friend, name: shownName(friend.name), addedAt: friend.addedAt.toISOString() })),
    }
  }

  async function mpView(row: ActivityRow, customerId: number): Promise<MpFissionActivity> {
    const participant = await first(
      db
        .select()
        .from(fissionParticipants)
        .where(and(eq(fissionParticipants.activityId, row.id), eq(fissionParticipants.customerId, customerId))),
    )
    return {
      id: row.id,
      name: row.name,
      goal: row.goal,
      reward: await rewardOf(row),
      startsAt: row.startsAt.toISOString(),
      endsAt: row.endsAt.toISOString(),
      rules: row.rules,
      posterImageUrl: row.posterImageUrl,
      status: statusAt(row, now()),
      me: participant ? await progressOf(participant, row.goal) : null,
    }
  }

  return {
    friendAdded,
    friendLost,
    retireCodes,

    async create(input: CreateFissionActivityRequest): Promise<FissionActivity> {
      const startsAt = new Date(input.startsAt)
      const endsAt = new Date(input.endsAt)
      checkWindow(startsAt, endsAt)
      await codes.get(input.liveCodeId)
      const reward = await rewardColumns(input.reward, input.revokeOnWithdraw ?? false)
      const row = await db.transaction(async (tx) => {
        const [inserted] = await tx
          .insert(fissionActivities)
          .values({
            name: input.name,
            liveCodeId: input.liveCodeId,
            goal: input.goal,
            ...reward,
            revokeOnWithdraw: input.revokeOnWithdraw ?? false,
            startsAt,
            endsAt,
            rules: input.rules ?? '',
            posterImageUrl: input.posterImageUrl ?? null,
            createdAt: now(),
            updatedAt: now(),
          })
          .returning()
        await planRetirement(tx, inserted as ActivityRow)
        return inserted as ActivityRow
      })
      return view(row)
    },

    /**
     * Changes apply from now on: a lower goal rewards participants at their next counted friend, and
     * a reward already issued stays issued.
     */
    async update(id: number, change: UpdateFissionActivityRequest): Promise<FissionActivity> {
      const current = await activityOr404(db, id)
      const startsAt = change.startsAt ? new Date(change.startsAt) : current.startsAt
      const endsAt = change.endsAt ? new Date(change.endsAt) : current.endsAt
      checkWindow(startsAt, endsAt)
      const revokeOnWithdraw = change.revokeOnWithdraw ?? current.revokeOnWithdraw
      const reward =
        change.reward || change.revokeOnWithdraw !== undefined
          ? await rewardColumns(change.reward ?? rewardTerms(current), revokeOnWithdraw)
          : {}
      const row = await db.transaction(async (tx) => {
        const [updated] = await tx
          .update(fissionActivities)
          .set({
            ...(change.name !== undefined ? { name: change.name } : {}),
            ...(change.goal !== undefined ? { goal: change.goal } : {}),
            ...(change.rules !== undefined ? { rules: change.rules } : {}),
            ...(change.posterImageUrl !== undefined ? { posterImageUrl: change.posterImageUrl } : {}),
            ...reward,
            revokeOnWithdraw,
            startsAt,
            endsAt,
            updatedAt: now(),
          })
          .where(eq(fissionActivities.id, id))
          .returning()
        await planRetirement(tx, updated as ActivityRow)
        return updated as ActivityRow
      })
      return view(row)
    },

    /** The participants' codes are deleted in WeCom (they stop working); their invites and rewards stay. */
    async remove(id: number): Promise<void> {
      await activityOr404(db, id)
      await db.transaction(async (tx) => {
        await tx.update(fissionActivities).set({ deletedAt: now() }).where(eq(fissionActivities.id, id))
      })
      const states = await db.select({ state: fissionParticipants.state }).from(fissionParticipants).where(eq(fissionParticipants.activityId, id))
      await codes.retireWays(states.map((row) => row.state))
    },

    async list(): Promise<FissionActivityList> {
      const rows = await db.select().from(fissionActivities).where(isNull(fissionActivities.deletedAt)).orderBy(desc(fissionActivities.id))
      return { items: await Promise.all(rows.map(view)) }
    },

    get: async (id: number) => view(await activityOr404(db, id)),

    async participants(id: number, query: CursorQuery): Promise<FissionParticipantPage> {
      await activityOr404(db, id)
      const limit = query.limit ?? 20
      const views = db
        .select({ participantId: fissionPosterViews.participantId, n: count().as('n') })
        .from(fissionPosterViews)
        .where(eq(fissionPosterViews.activityId, id))
        .groupBy(fissionPosterViews.participantId)
        .as('views')
      const rows = await db
        .select({ participant: fissionParticipants, customerName: customers.name, posterViews: sql<number>`coalesce(${views.n}, 0)` })
        .from(fissionParticipants)
        .innerJoin(customers, eq(customers.id, fissionParticipants.customerId))
        .leftJoin(views, eq(views.participantId, fissionParticipants.id))
        .where(and(eq(fissionParticipants.activityId, id), cursorBefore(fissionParticipants.id, query.cursor)))
        .orderBy(desc(fissionParticipants.id))
        .limit(limit + 1)
      return pageOf(rows, limit, ({ participant, customerName, posterViews }) => toParticipant(participant, customerName, Number(posterViews)))
    },

    /**
     * Tries a failed reward again (the coupon is issued again, the gift is back in stock); like a
     * counted friend, it issues the reward once however often it is asked.
     */
    async retryReward(id: number, participantId: number): Promise<FissionParticipant> {
      const activity = await activityOr404(db, id)
      const at = now()
      const row = await db.transaction(async (tx) => {
        const participant = await first(
          tx.select().from(fissionParticipants).where(and(eq(fissionParticipants.id, participantId), eq(fissionParticipants.activityId, id))),
        )
        if (!participant) throw notFound('FISSION_PARTICIPANT_NOT_FOUND', '没有这位参与者')
        if (participant.rewardState !== 'failed') throw conflict('REWARD_NOT_FAILED', '只有发放失败的奖励可以重新发放')
        await rewardIfDue(tx, activity, participant, at)
        return (await first(tx.select().from(fissionParticipants).where(eq(fissionParticipants.id, participantId)))) as ParticipantRow
      })
      const customer = await first(db.select({ name: customers.name }).from(customers).where(eq(customers.id, row.customerId)))
      const views = await first(db.select({ n: count() }).from(fissionPosterViews).where(eq(fissionPosterViews.participantId, row.id)))
      return toParticipant(row, customer?.name ?? null, views?.n ?? 0)
    },

    async invites(id: number, query: FissionInviteListQuery): Promise<FissionInvitePage> {
      await activityOr404(db, id)
      const limit = query.limit ?? 20
      const conditions: (SQL | undefined)[] = [eq(fissionInvites.activityId, id), cursorBefore(fissionInvites.id, query.cursor)]
      if (query.status) conditions.push(eq(fissionInvites.status, query.status))
      const rows = await db
        .select({
          invite: fissionInvites,
          inviterCustomerId: fissionParticipants.customerId,
          inviterName: sql<string | null>`(select ${customers.name} from ${customers} where ${customers.id} = ${fissionParticipants.customerId})`,
          friendName: customers.name,
          staffName: staff.name,
        })
        .from(fissionInvites)
        .innerJoin(fissionParticipants, eq(fissionParticipants.id, fissionInvites.participantId))
        .innerJoin(customers, eq(customers.id, fissionInvites.friendCustomerId))
        .innerJoin(staff, eq(staff.id, fissionInvites.staffId))
        .where(and(...conditions))
        .orderBy(desc(fissionInvites.id))
        .limit(limit + 1)
      return pageOf(rows, limit, ({ invite, inviterCustomerId, inviterName, friendName, staffName }) => ({
        id: invite.id,
        inviterCustomerId,
        inviterName,
        friendCustomerId: invite.friendCustomerId,
        friendName,
        staffName,
        status: invite.status,
        addedAt: invite.addedAt.toISOString(),
        withdrawnAt: iso(invite.withdrawnAt),
      }))
    },

    async funnel(id: number): Promise<FissionFunnel> {
      await activityOr404(db, id)
      const views = await first(
        db
          .select({ views: count(), viewers: countDistinct(fissionPosterViews.viewerCustomerId) })
          .from(fissionPosterViews)
          .where(eq(fissionPosterViews.activityId, id)),
      )
      const participants = await first(
        db
          .select({
            n: count(),
            rewarded: sql<number>`coalesce(sum(case when ${fissionParticipants.rewardState} = 'issued' then 1 else 0 end), 0)`,
          })
          .from(fissionParticipants)
          .where(eq(fissionParticipants.activityId, id)),
      )
      const statuses = await db
        .select({ status: fissionInvites.status, n: count() })
        .from(fissionInvites)
        .where(eq(fissionInvites.activityId, id))
        .groupBy(fissionInvites.status)
      const byStatus = Object.fromEntries(statuses.map((row) => [row.status, row.n]))
      return {
        participants: participants?.n ?? 0,
        posterViews: views?.views ?? 0,
        posterViewers: views?.viewers ?? 0,
        adds: statuses.reduce((sum, row) => sum + row.n, 0),
        counted: byStatus.counted ?? 0,
        withdrawn: byStatus.withdrawn ?? 0,
        rewarded: Number(participants?.rewarded ?? 0),
        byStatus,
      }
    },

    /** Running activities, and those the customer took part in (newest first). */
    async listForCustomer(customerId: number): Promise<MpFissionActivityList> {
      const at = now()
      const mine = db.select({ id: fissionParticipants.activityId }).from(fissionParticipants).where(eq(fissionParticipants.customerId, customerId))
      const rows = await db
        .select()
        .from(fissionActivities)
        .where(
          and(
            isNull(fissionActivities.deletedAt),
            or(and(lt(fissionActivities.startsAt, at), gte(fissionActivities.endsAt, at)), inArray(fissionActivities.id, mine)),
          ),
        )
        .orderBy(desc(fissionActivities.id))
        .limit(20)
      return { items: await Promise.all(rows.map((row) => mpView(row, customerId))) }
    },

    detail: async (customerId: number, id: number) => mpView(await activityOr404(db, id), customerId),

    /**
     * Joins the activity: the customer's own contact way is opened in WeCom first, then kept with the
     * participant; joining twice (or two joins racing) keeps one and gives the other way back.
     */
    async join(customerId: number, id: number): Promise<MpFissionActivity> {
      const activity = await activityOr404(db, id)
      if (statusAt(activity, now()) !== 'running') throw conflict('FISSION_NOT_RUNNING', '活动不在进行中')
      const joined = () =>
        first(
          db
            .select({ id: fissionParticipants.id })
            .from(fissionParticipants)
            .where(and(eq(fissionParticipants.activityId, id), eq(fissionParticipants.customerId, customerId))),
        )
      if (await joined()) return mpView(activity, customerId)
      // ≤ 30 characters, WeCom's limit for state.
      const state = `${STATE_PREFIX}${randomBytes(12).toString('base64url')}`
      const way = await codes.openWay(activity.liveCodeId, state)
      const kept = await db.transaction(async (tx) => {
        const [inserted] = await tx
          .insert(fissionParticipants)
          .values({ activityId: id, customerId, state, createdAt: now() })
          .onConflictDoNothing()
          .returning({ id: fissionParticipants.id })
        if (!inserted) return false
        await codes.keepWay(tx, { liveCodeId: activity.liveCodeId, state, ...way })
        return true
      })
      if (!kept) await codes.dropWay(way.configId)
      return mpView(activity, customerId)
    },

    /** A poster opened in the mini-program (its owner's or a shared one): counted for the funnel. */
    async viewPoster(customerId: number, state: string): Promise<MpFissionPoster> {
      const found = await first(
        db
          .select({ participant: fissionParticipants, activity: fissionActivities, inviterName: customers.name })
          .from(fissionParticipants)
          .innerJoin(fissionActivities, eq(fissionActivities.id, fissionParticipants.activityId))
          .innerJoin(customers, eq(customers.id, fissionParticipants.customerId))
          .where(and(eq(fissionParticipants.state, state), isNull(fissionActivities.deletedAt))),
      )
      if (!found) throw notFound('FISSION_POSTER_NOT_FOUND', '没有这张海报，活动可能已删除')
      const { participant, activity, inviterName } = found
      await db.transaction(async (tx) => {
        await tx
          .insert(fissionPosterViews)
          .values({ activityId: activity.id, participantId: participant.id, viewerCustomerId: customerId, viewedAt: now() })
      })
      const way = await codes.wayOf(state)
      return {
        activityId: activity.id,
        activityName: activity.name,
        rules: activity.rules,
        posterImageUrl: activity.posterImageUrl,
        inviterName: shownName(inviterName),
        qrCodeUrl: way?.qrCodeUrl ?? '',
        status: statusAt(activity, now()),
        mine: participant.customerId === customerId,
      }
    },
  }
}

export type FissionService = ReturnType<typeof createFissionService>

declare module 'fastify' {
  interface FastifyInstance {
    fission: FissionService
  }
}

export default fp(
  async (app) => {
    const service = createFissionService({
      ...serviceDeps(app),
      liveCodes: app.liveCodes,
      points: app.points,
      coupons: app.coupons,
      mall: app.mall,
      scheduler: app.scheduler,
    })
    app.decorate('fission', service)
    app.wecomCallbacks.listenToContacts({ added: service.friendAdded, lost: service.friendLost })
    app.scheduler.define(FISSION_RETIRE_JOB, ({ tx, job, now }) => service.retireCodes(tx, (job.payload as { activityId: number }).activityId, now))
  },
  { name: 'fission', dependencies: ['db', 'clock', 'scheduler', 'live-codes', 'points', 'coupons', 'mall', 'wecom-callbacks'] },
)
