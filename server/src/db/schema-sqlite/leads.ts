import { sql } from 'drizzle-orm'
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { LEAD_KINDS, LEAD_STATUSES } from '@liuliang/shared'
import { timestamp } from './columns'
import { customerRef, staffRef } from './references'
import { scripts } from './scripts'

/** The brand's rule for one kind of lead; a kind without a row runs on LEAD_RULE_DEFAULTS. */
export const leadRules = sqliteTable('lead_rules', {
  kind: text('kind', { enum: LEAD_KINDS }).primaryKey(),
  enabled: integer('enabled', { mode: 'boolean' }).notNull(),
  days: integer('days').notNull(),
  conversionDays: integer('conversion_days').notNull(),
  scriptId: integer('script_id').references(() => scripts.id, { onDelete: 'set null' }),
  updatedAt: timestamp('updated_at').notNull(),
})

/** A lead for the customer's guide; one per customer, kind and occasion, however often the daily run finds it. */
export const leads = sqliteTable(
  'leads',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    customerId: customerRef(),
    staffId: staffRef(),
    kind: text('kind', { enum: LEAD_KINDS }).notNull(),
    /** what the lead is about within its kind: the coupon, the last order, the birthday's year, the day silence began */
    occasion: text('occasion').notNull(),
    detail: text('detail').notNull(),
    status: text('status', { enum: LEAD_STATUSES }).notNull().default('new'),
    dueAt: timestamp('due_at').notNull(),
    windowEndsAt: timestamp('window_ends_at').notNull(),
    /** the paid order within the window that converted it */
    convertedOrderId: integer('converted_order_id'),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('leads_occasion').on(t.customerId, t.kind, t.occasion),
    // A guide's open leads, soonest due first.
    index('leads_staff_open').on(t.staffId, t.dueAt).where(sql`status in ('new', 'contacted')`),
    // The console's list, newest first, by guide.
    index('leads_staff_id').on(t.staffId, t.id),
  ],
)

/** Every move of a lead's status or guide: who (none: the server) and when. */
export const leadChanges = sqliteTable(
  'lead_changes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    leadId: integer('lead_id')
      .notNull()
      .references(() => leads.id),
    fromStatus: text('from_status', { enum: LEAD_STATUSES }),
    toStatus: text('to_status', { enum: LEAD_STATUSES }).notNull(),
    /** the guide who moved it; none when the server did (a purchase, a hand-over) */
    staffId: integer('staff_id'),
    note: text('note'),
    at: timestamp('at').notNull(),
  },
  (t) => [index('lead_changes_lead').on(t.leadId, t.id)],
)
