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
] as const
export type TimelineEventType = (typeof TIMELINE_EVENT_TYPES)[number]
