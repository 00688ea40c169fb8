import { integer } from 'drizzle-orm/pg-core'
import { customers } from './customers'
import { staff } from './staff'

/** The customer a row is about. */
export const customerRef = () =>
  integer('customer_id')
    .notNull()
    .references(() => customers.id)

/** The guide (WeCom member) a row is about. */
export const staffRef = () =>
  integer('staff_id')
    .notNull()
    .references(() => staff.id)
