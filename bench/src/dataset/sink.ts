// Every row the generator writes goes through these prepared statements, built from the drizzle
// tables so a renamed column fails here at once.
import type Database from 'better-sqlite3'
import type { TimelineEventType } from '@liuliang/shared'
import * as schema from '@liuliang/server/db/schema-sqlite'
import { insertInto } from '../insert'

export function createSink(sqlite: Database.Database) {
  const s = schema
  const statements = {
    staff: insertInto(sqlite, s.staff, ['id', 'userId', 'name', 'isAdmin', 'createdAt']),
    admin: insertInto(sqlite, s.admins, ['id', 'username', 'passwordHash', 'passwordChangedAt', 'createdAt']),
    tagGroup: insertInto(sqlite, s.tagGroups, ['id', 'wecomGroupId', 'name', 'exclusive', 'createdAt']),
    tag: insertInto(sqlite, s.tags, ['id', 'wecomTagId', 'groupId', 'name', 'createdAt']),
    customer: insertInto(sqlite, s.customers, ['id', 'unionid', 'openid', 'externalUserId', 'name', 'gender', 'mpRegisteredAt', 'createdAt', 'updatedAt']),
    follow: insertInto(sqlite, s.customerFollows, ['customerId', 'staffId', 'status', 'addWay', 'state', 'firstAddedAt', 'lastAddedAt', 'endedAt']),
    customerTag: insertInto(sqlite, s.customerTags, ['customerId', 'tagId', 'markedByStaffId', 'createdAt']),
    event: insertInto(sqlite, s.timelineEvents, ['customerId', 'type', 'staffId', 'occurredAt', 'data']),
    product: insertInto(sqlite, s.products, ['id', 'name', 'description', 'priceFen', 'stock', 'active', 'createdAt']),
    order: insertInto(sqlite, s.orders, ['id', 'customerId', 'kind', 'status', 'amountFen', 'payDeadline', 'paidPaymentId', 'paidAt', 'completedAt', 'cancelledAt', 'refundedAt', 'createdAt']),
    orderItem: insertInto(sqlite, s.orderItems, ['orderId', 'productId', 'name', 'priceFen', 'quantity']),
    payment: insertInto(sqlite, s.payments, ['id', 'orderId', 'provider', 'outTradeNo', 'amountFen', 'status', 'prepayId', 'transactionId', 'paidAt', 'createdAt']),
    refund: insertInto(sqlite, s.refunds, ['orderId', 'paymentId', 'outRefundNo', 'amountFen', 'reason', 'closesOrder', 'status', 'refundId', 'lastSentAt', 'succeededAt', 'createdAt']),
    orderPoints: sqlite.prepare('update orders set points_awarded = ? where id = ?'),
    account: insertInto(sqlite, s.pointAccounts, ['customerId', 'balance', 'earnedTotal']),
    ledger: insertInto(sqlite, s.pointLedger, ['customerId', 'delta', 'reason', 'title', 'balanceAfter', 'idempotencyKey', 'createdAt']),
    lot: insertInto(sqlite, s.pointLots, ['customerId', 'ledgerId', 'amount', 'remaining', 'expiresAt', 'createdAt']),
    job: insertInto(sqlite, s.scheduledJobs, ['kind', 'key', 'runAt', 'status', 'attempts', 'payload', 'doneAt', 'createdAt']),
    checkin: insertInto(sqlite, s.checkins, ['customerId', 'date', 'kind', 'streak', 'pointsAwarded', 'pointsCost', 'makeupMonth', 'makeupSlot', 'createdAt']),
    lottery: insertInto(sqlite, s.lotteries, ['id', 'name', 'startsAt', 'endsAt', 'costPoints', 'freeDrawsPerDay', 'maxDrawsPerUser', 'audience', 'active', 'createdAt']),
    prize: insertInto(sqlite, s.lotteryPrizes, ['id', 'lotteryId', 'position', 'name', 'type', 'weight', 'stock', 'points']),
    draw: insertInto(sqlite, s.lotteryDraws, ['lotteryId', 'customerId', 'seq', 'date', 'daySeq', 'free', 'costPoints', 'prizeId', 'won', 'claimStatus', 'address', 'createdAt']),
    campaign: insertInto(sqlite, s.groupbuyCampaigns, ['id', 'productId', 'groupSize', 'priceFen', 'durationMinutes', 'stock', 'perUserLimit', 'startsAt', 'endsAt', 'active', 'createdAt']),
    group: insertInto(sqlite, s.groupbuyGroups, ['id', 'campaignId', 'leaderId', 'size', 'status', 'paidCount', 'deadline', 'closedAt', 'createdAt']),
    member: insertInto(sqlite, s.groupbuyMembers, ['groupId', 'customerId', 'orderId', 'isLeader', 'status', 'holdUntil', 'joinedAt', 'paidAt']),
    distributor: insertInto(sqlite, s.distributors, ['id', 'customerId', 'code', 'status', 'inviterId', 'approvedAt', 'createdAt']),
    distributorAccount: insertInto(sqlite, s.distributorAccounts, ['distributorId', 'frozenFen', 'settledFen', 'withdrawableFen', 'pendingWithdrawalFen', 'withdrawnFen']),
    binding: insertInto(sqlite, s.referralBindings, ['customerId', 'distributorId', 'boundAt', 'expiresAt']),
    orderReferral: insertInto(sqlite, s.orderReferrals, ['orderId', 'level1Id', 'level2Id', 'createdAt']),
    commission: insertInto(sqlite, s.commissions, ['orderId', 'distributorId', 'level', 'amountFen', 'status', 'settleAt', 'settledAt', 'reversedAt', 'createdAt']),
    withdrawal: insertInto(sqlite, s.withdrawals, ['distributorId', 'amountFen', 'status', 'decidedBy', 'decidedAt', 'createdAt']),
    followUp: insertInto(sqlite, s.followUps, ['customerId', 'staffId', 'content', 'nextContactAt', 'reminderDoneAt', 'createdAt']),
    category: insertInto(sqlite, s.scriptCategories, ['id', 'parentId', 'name', 'sortOrder', 'createdAt']),
    script: insertInto(sqlite, s.scripts, ['id', 'categoryId', 'ownerStaffId', 'type', 'title', 'content', 'keywords', 'attachment', 'createdAt', 'updatedAt']),
    scriptSend: insertInto(sqlite, s.scriptSends, ['scriptId', 'staffId', 'customerId', 'requestId', 'sentAt']),
    scriptUsage: sqlite.prepare('update scripts set usage_count = ? where id = ?'),
  }

  const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value))

  return {
    ...statements,
    json,
    /** Inserts a row and answers its id. */
    insert: (statement: Database.Statement, ...values: unknown[]) => Number(statement.run(...values).lastInsertRowid),
    /** One timeline row, as recordTimelineEvent writes it. */
    timeline(customerId: number, type: TimelineEventType, at: number, data: Record<string, unknown> | null = null, staffId: number | null = null) {
      statements.event.run(customerId, type, staffId, at, json(data))
    },
    /** A timed transition the scheduler would run, done (it ran) or pending (still to come). */
    job(kind: string, key: string, runAt: number, payload: Record<string, unknown>, doneAt: number | null, plannedAt: number): number {
      return Number(statements.job.run(kind, key, runAt, doneAt === null ? 'pending' : 'done', doneAt === null ? 0 : 1, json(payload), doneAt, plannedAt).lastInsertRowid)
    },
  }
}

export type Sink = ReturnType<typeof createSink>
