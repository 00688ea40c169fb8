import { sql } from 'drizzle-orm'
import { index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { FOLLOW_STATUSES, GENDERS } from '@liuliang/shared'
import { createdAt, timestamp } from './columns'
import { staff } from './staff'

/** One row per person, whichever identity (mini-program openid, WeCom external_userid) came first. */
export const customers = pgTable(
  'customers',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    unionid: text('unionid').unique(),
    openid: text('openid').unique(),
    externalUserId: text('external_user_id').unique(),
    name: text('name'),
    avatarUrl: text('avatar_url'),
    gender: text('gender', { enum: GENDERS }).notNull().default('unknown'),
    corpName: text('corp_name'),
    /** the brand's remark, shared by every guide */
    remark: text('remark'),
    city: text('city'),
    /** AES-256-GCM, see customers/phone-cipher.ts; guides see it masked */
    phoneEncrypted: text('phone_encrypted'),
    /** a keyed hash of the phone (phone-cipher.ts), so the console can find a customer by number */
    phoneLookup: text('phone_lookup'),
    /** YYYY-MM-DD */
    birthday: text('birthday'),
    mpRegisteredAt: timestamp('mp_registered_at'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at').notNull(),
  },
  (table) => [
    index('customers_phone_lookup_idx').on(table.phoneLookup),
    // A set of customers (a channel's, a guide's) met with the day each was added, in id order without
    // reading their rows: a channel-and-date count of a million customers took half the time on SQLite, a fifth on PostgreSQL in one process.
    index('customers_added').on(table.id, table.createdAt),
    // Mini-program sign-ups by day (the dashboard); customers who never signed up are not in it.
    index('customers_mp_registered').on(table.mpRegisteredAt).where(sql`mp_registered_at is not null`),
  ],
)

/** A guide following a customer; kept after it ends so churn and first-add channel stay known. */
export const customerFollows = pgTable(
  'customer_follows',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    staffId: integer('staff_id')
      .notNull()
      .references(() => staff.id),
    status: text('status', { enum: FOLLOW_STATUSES }).notNull(),
    /** WeCom add_way of the first add */
    addWay: integer('add_way').notNull().default(0),
    /** live-code state of the first add */
    state: text('state'),
    firstAddedAt: timestamp('first_added_at').notNull(),
    lastAddedAt: timestamp('last_added_at').notNull(),
    endedAt: timestamp('ended_at'),
  },
  (t) => [
    uniqueIndex('customer_follows_customer_staff').on(t.customerId, t.staffId),
    index('customer_follows_staff_status').on(t.staffId, t.status, t.customerId),
    // the admins' churn list: ended relations, newest ending first
    index('customer_follows_status_ended').on(t.status, t.endedAt),
    // an SOP for new customers: who was added since it was switched on, asked every minute
    index('customer_follows_status_added').on(t.status, t.lastAddedAt),
    // audiences by the channel customers came through
    index('customer_follows_state').on(t.state, t.customerId),
    // the dashboard's weekly cohorts: customers by when they first added a guide
    index('customer_follows_first_added').on(t.firstAddedAt, t.customerId),
  ],
)
