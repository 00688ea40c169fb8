import { boolean, customType, integer } from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'

/**
 * UTC timestamps in milliseconds, as on SQLite: ordering, range queries and raw SQL arithmetic stay
 * integer (bigint) comparisons, and the JS side still sees a Date.
 */
const timestampMs = customType<{ data: Date; driverData: string | number }>({
  dataType: () => 'bigint',
  toDriver: (value) => value.getTime(),
  // node-postgres hands int8 back as a string unless a type parser makes it a number.
  fromDriver: (value) => new Date(Number(value)),
})

export const timestamp = (name: string) => timestampMs(name)

/** Binary data (an uploaded picture), a Buffer both ways as SQLite's blob gives it. */
export const bytes = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' })

export const createdAt = () =>
  timestamp('created_at')
    .notNull()
    .default(sql`(extract(epoch from clock_timestamp()) * 1000)::bigint`)

/**
 * What makes something a limited offer (a mall item, a group-buy campaign): stock that the
 * database keeps from going negative, a per-customer limit, an optional sale window and a switch.
 */
export const limitedOffer = () => ({
  stock: integer('stock').notNull(),
  perUserLimit: integer('per_user_limit').notNull(),
  startsAt: timestamp('starts_at'),
  endsAt: timestamp('ends_at'),
  active: boolean('active').notNull().default(true),
})
