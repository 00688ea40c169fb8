import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { LIVE_CODE_ALLOCATIONS } from '@liuliang/shared'
import { createdAt, timestamp } from './columns'
import { customerRef, staffRef } from './references'
import { tags } from './tags'

export interface PushedContactWay {
  remark: string
  skip_verify: boolean
  user: string[]
}

/** A 渠道活码: one WeCom contact way (联系我) whose members we choose add by add. */
export const liveCodes = sqliteTable('live_codes', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  /** echoed by WeCom in add events; ≤ 30 characters */
  state: text('state').notNull().unique(),
  configId: text('config_id').notNull().unique(),
  qrCodeUrl: text('qr_code_url'),
  allocation: text('allocation', { enum: LIVE_CODE_ALLOCATIONS }).notNull(),
  /** adds per guide per business day; null for no limit */
  dailyAddLimit: integer('daily_add_limit'),
  /** working hours as minutes after local midnight; both null when always on shift */
  shiftStartMinute: integer('shift_start_minute'),
  shiftEndMinute: integer('shift_end_minute'),
  skipVerify: integer('skip_verify', { mode: 'boolean' }).notNull().default(true),
  /** what was last pushed to the contact way, so a push happens only when something differs */
  pushedConfig: text('pushed_config', { mode: 'json' }).$type<PushedContactWay>().notNull(),
  deletedAt: timestamp('deleted_at'),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at').notNull(),
})

export const LIVE_CODE_ROLES = ['primary', 'backup'] as const

export const liveCodeStaff = sqliteTable(
  'live_code_staff',
  {
    liveCodeId: integer('live_code_id')
      .notNull()
      .references(() => liveCodes.id),
    staffId: staffRef(),
    role: text('role', { enum: LIVE_CODE_ROLES }).notNull(),
    weight: integer('weight').notNull().default(1),
    /** order in the pool, for turns */
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.liveCodeId, t.staffId] })],
)

export const liveCodeTags = sqliteTable(
  'live_code_tags',
  {
    liveCodeId: integer('live_code_id')
      .notNull()
      .references(() => liveCodes.id),
    tagId: integer('tag_id')
      .notNull()
      .references(() => tags.id),
  },
  (t) => [primaryKey({ columns: [t.liveCodeId, t.tagId] }), index('live_code_tags_tag').on(t.tagId)],
)

/** A customer added a guide through a code; one per customer, guide and business day. */
export const liveCodeAdds = sqliteTable(
  'live_code_adds',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    liveCodeId: integer('live_code_id')
      .notNull()
      .references(() => liveCodes.id),
    customerId: customerRef(),
    staffId: staffRef(),
    /** YYYY-MM-DD in the brand's time zone: daily limits and per-day stats */
    businessDay: text('business_day').notNull(),
    addedAt: timestamp('added_at').notNull(),
  },
  (t) => [
    uniqueIndex('live_code_adds_once_a_day').on(t.liveCodeId, t.customerId, t.staffId, t.businessDay),
    index('live_code_adds_code_day_staff').on(t.liveCodeId, t.businessDay, t.staffId),
    // the dashboard's funnel: every channel's adds within a range of days
    index('live_code_adds_day').on(t.businessDay, t.liveCodeId, t.customerId),
  ],
)

/**
 * More contact ways of a code, each with its own state (a fission participant's personal code): WeCom
 * assigns the same guides as the code's own way, and adds through them count for the code.
 */
export const liveCodeWays = sqliteTable(
  'live_code_ways',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    liveCodeId: integer('live_code_id')
      .notNull()
      .references(() => liveCodes.id),
    /** ≤ 30 characters */
    state: text('state').notNull().unique(),
    configId: text('config_id').notNull().unique(),
    qrCodeUrl: text('qr_code_url'),
    deletedAt: timestamp('deleted_at'),
    createdAt: createdAt(),
  },
  (t) => [index('live_code_ways_code').on(t.liveCodeId)],
)
