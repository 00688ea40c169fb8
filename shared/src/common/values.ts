// `as const` lists: the mini-program imports these without a schema compiler.

export const GENDERS = ['unknown', 'male', 'female'] as const
export type Gender = (typeof GENDERS)[number]

/** Token audiences; each works only under its own route prefix. */
export const AUDIENCES = ['mp', 'staff', 'admin'] as const
export type Audience = (typeof AUDIENCES)[number]

export const FOLLOW_STATUSES = ['active', 'lost', 'removed'] as const
/** active; lost = the customer deleted the guide; removed = the guide deleted the customer */
export type FollowStatus = (typeof FOLLOW_STATUSES)[number]

/** What can land on a customer's timeline; later domains add theirs here. */
export const TIMELINE_EVENT_TYPES = [
  'mp_registered',
  'wecom_added',
  'wecom_lost',
  'wecom_removed',
  'wecom_profile_updated',
  'tags_changed',
  'checked_in',
  'makeup_checked_in',
  'points_adjusted',
  'points_expired',
  'coupon_issued',
  'coupon_used',
  'coupon_expired',
  'mall_redeemed',
  'order_created',
  'order_paid',
  'order_completed',
  'order_cancelled',
  'order_refund_requested',
  'order_refunded',
  'payment_refunded',
  'lottery_drawn',
  'lottery_prize_claimed',
  'groupbuy_opened',
  'groupbuy_joined',
  'groupbuy_succeeded',
  'groupbuy_failed',
  'distributor_applied',
  'distributor_approved',
  'referral_bound',
  'commission_earned',
  'commission_settled',
  'commission_reversed',
  'withdrawal_requested',
  'withdrawal_paid',
  'withdrawal_rejected',
] as const
export type TimelineEventType = (typeof TIMELINE_EVENT_TYPES)[number]

/** Why points moved; every ledger entry carries one. */
export const POINTS_REASONS = [
  'checkin',
  'makeup_checkin',
  'lottery_cost',
  'lottery_prize',
  'order_reward',
  'order_refund',
  'redeem',
  'expire',
  'admin_adjust',
] as const
export type PointsReason = (typeof POINTS_REASONS)[number]

/** amount_off: a fixed sum off; discount: pay a percentage of the price. */
export const COUPON_KINDS = ['amount_off', 'discount'] as const
export type CouponKind = (typeof COUPON_KINDS)[number]

export const COUPON_STATUSES = ['available', 'used', 'expired'] as const
export type CouponStatus = (typeof COUPON_STATUSES)[number]

/** Where a customer's coupon came from. */
export const COUPON_SOURCES = ['rule', 'prize', 'redeem', 'admin'] as const
export type CouponSource = (typeof COUPON_SOURCES)[number]

export const MALL_ITEM_KINDS = ['coupon', 'physical'] as const
export type MallItemKind = (typeof MALL_ITEM_KINDS)[number]

/** A coupon redemption is done at once; a physical one waits to be shipped. */
export const REDEMPTION_STATUSES = ['completed', 'awaiting_shipment', 'shipped'] as const
export type RedemptionStatus = (typeof REDEMPTION_STATUSES)[number]

export const CHECKIN_KINDS = ['regular', 'makeup'] as const
export type CheckinKind = (typeof CHECKIN_KINDS)[number]
