import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { sql } from 'drizzle-orm'
import { SUBSCRIPTION_EVENTS, SUBSCRIPTION_SEND_STATUSES } from '@liuliang/shared'
import { timestamp } from './columns'
import { customers } from './customers'

/**
 * One-time subscriptions a customer accepted in the mini-program, per WeChat template: each allows one send.
 * WeChat tells the mini-program, not the server, so the mini-program reports them.
 */
export const subscriptionGrants = sqliteTable(
  'subscription_grants',
  {
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    templateId: text('template_id').notNull(),
    remaining: integer('remaining').notNull(),
    updatedAt: timestamp('updated_at').notNull(),
  },
  // The daily reminders look for everyone holding a template's subscription.
  (t) => [primaryKey({ columns: [t.customerId, t.templateId] }), index('subscription_grants_template').on(t.templateId, t.remaining)],
)

/** Every subscription message the server tried to send, once per event, with WeChat's answer. */
export const subscriptionSends = sqliteTable(
  'subscription_sends',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    event: text('event', { enum: SUBSCRIPTION_EVENTS }).notNull(),
    /** what happened, e.g. `prize_won:draw:12`: the same event is never sent twice */
    eventKey: text('event_key').notNull().unique(),
    templateId: text('template_id').notNull(),
    page: text('page'),
    data: text('data', { mode: 'json' }).notNull().$type<Record<string, string>>(),
    status: text('status', { enum: SUBSCRIPTION_SEND_STATUSES }).notNull(),
    errcode: integer('errcode'),
    error: text('error'),
    createdAt: timestamp('created_at').notNull(),
    sentAt: timestamp('sent_at'),
    /** when it went to WeChat (marked pending) */
    takenAt: timestamp('taken_at'),
  },
  (t) => [
    index('subscription_sends_customer').on(t.customerId, t.id),
    index('subscription_sends_event').on(t.event, t.id),
    // The sends waiting their turn, oldest first: a few among every message ever sent.
    index('subscription_sends_queued').on(t.id).where(sql`status = 'queued'`),
    // The sends gone to WeChat and not yet answered, by when they went: a server that stopped meanwhile left some.
    index('subscription_sends_pending').on(t.takenAt).where(sql`status = 'pending'`),
  ],
)
