// `as const` lists: the mini-program imports these without a schema compiler.

export const GENDERS = ['unknown', 'male', 'female'] as const
export type Gender = (typeof GENDERS)[number]

/** Token audiences; each works only under its own route prefix. */
export const AUDIENCES = ['mp', 'staff', 'admin'] as const
export type Audience = (typeof AUDIENCES)[number]

/** Why a guide relation ended: lost = the customer deleted the guide; removed = the guide deleted the customer. */
export const FOLLOW_ENDINGS = ['lost', 'removed'] as const
export type FollowEnding = (typeof FOLLOW_ENDINGS)[number]

/** transferred: an inheritance handed the customer to another guide (not churn). */
export const FOLLOW_STATUSES = ['active', ...FOLLOW_ENDINGS, 'transferred'] as const
export type FollowStatus = (typeof FOLLOW_STATUSES)[number]

/** What can land on a customer's timeline; later domains add theirs here. */
export const TIMELINE_EVENT_TYPES = [
  'mp_registered',
  'wecom_added',
  'wecom_lost',
  'wecom_removed',
  'wecom_profile_updated',
  'tags_changed',
  'wecom_welcome',
  'follow_up_added',
  'profile_updated',
  'script_sent',
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
  'order_shipped',
  'after_sale_requested',
  'after_sale_rejected',
  'order_part_refunded',
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
  'customer_transferred',
  'transfer_failed',
] as const
export type TimelineEventType = (typeof TIMELINE_EVENT_TYPES)[number]

/** How a live code picks the guide for its next add. */
export const LIVE_CODE_ALLOCATIONS = ['round_robin', 'weight'] as const
export type LiveCodeAllocation = (typeof LIVE_CODE_ALLOCATIONS)[number]

/** Welcome-message scopes, most specific first: the first that matches an add is the one sent. */
export const WELCOME_SCOPES = ['live_code', 'staff', 'department', 'campaign', 'default'] as const
export type WelcomeScope = (typeof WELCOME_SCOPES)[number]

/** already_sent = WeCom's 41051 (another app or an admin-configured welcome went first); expired = 41050. */
export const WELCOME_SEND_STATUSES = ['pending', 'sent', 'already_sent', 'expired', 'failed'] as const
export type WelcomeSendStatus = (typeof WELCOME_SEND_STATUSES)[number]

/** Activities other domains report; an admin can switch on a tag for each. */
export const TAG_RULE_ACTIVITIES = ['checkin_streak_7', 'lottery_won', 'groupbuy_joined', 'distributor_joined'] as const
export type TagRuleActivity = (typeof TAG_RULE_ACTIVITIES)[number]

/** What a script sends: text, an image, a link card (WeCom's `news`), a mini-program card, or a video or document of the library. */
export const SCRIPT_TYPES = ['text', 'image', 'link', 'miniprogram', 'file'] as const
export type ScriptType = (typeof SCRIPT_TYPES)[number]

/** corp = the brand's library, managed by admins; personal = one guide's own. */
export const SCRIPT_SCOPES = ['corp', 'personal'] as const
export type ScriptScope = (typeof SCRIPT_SCOPES)[number]

/** What `{{name}}` in a script may name; each is filled for the customer in the chat. */
export const SCRIPT_PLACEHOLDERS = ['customerName', 'staffName', 'level', 'points'] as const
export type ScriptPlaceholder = (typeof SCRIPT_PLACEHOLDERS)[number]

/**
 * Where a customer is in their life with the brand: new (added this week, no order yet), prospect (no
 * order yet), first_purchase, repeat, dormant (no order for a long time), lost (no guide follows them).
 */
export const LIFECYCLE_STAGES = ['new', 'prospect', 'first_purchase', 'repeat', 'dormant', 'lost'] as const
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number]
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
  'fission_reward',
  'fission_revoked',
] as const
export type PointsReason = (typeof POINTS_REASONS)[number]

/** amount_off: a fixed sum off; discount: pay a percentage of the price. */
export const COUPON_KINDS = ['amount_off', 'discount'] as const
export type CouponKind = (typeof COUPON_KINDS)[number]

export const COUPON_STATUSES = ['available', 'used', 'expired'] as const
export type CouponStatus = (typeof COUPON_STATUSES)[number]

/** Where a customer's coupon came from: a rule, a prize, the points mall, an admin's one, an audience batch, the claim centre. */
export const COUPON_SOURCES = ['rule', 'prize', 'redeem', 'admin', 'audience', 'claim', 'fission'] as const
export type CouponSource = (typeof COUPON_SOURCES)[number]

/** An audience batch is issued chunk by chunk; it stops early when its template stops being issued. */
export const COUPON_BATCH_STATUSES = ['running', 'done', 'stopped'] as const
export type CouponBatchStatus = (typeof COUPON_BATCH_STATUSES)[number]

export const MALL_ITEM_KINDS = ['coupon', 'physical'] as const
export type MallItemKind = (typeof MALL_ITEM_KINDS)[number]

/** A coupon redemption is done at once; a physical one waits to be shipped. */
export const REDEMPTION_STATUSES = ['completed', 'awaiting_shipment', 'shipped'] as const
export type RedemptionStatus = (typeof REDEMPTION_STATUSES)[number]

export const CHECKIN_KINDS = ['regular', 'makeup'] as const
export type CheckinKind = (typeof CHECKIN_KINDS)[number]
