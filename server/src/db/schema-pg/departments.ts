import { bigint, boolean, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core'
import { staff } from './staff'

/** WeCom's department tree (通讯录), mirrored by the directory sync; the key is WeCom's department id. */
export const departments = pgTable(
  'departments',
  {
    id: integer('id').primaryKey(),
    name: text('name').notNull(),
    /** null for the root (the corp itself) */
    parentId: integer('parent_id'),
    /** WeCom's order among siblings: a larger value comes first (0 to 2^32) */
    sortOrder: bigint('sort_order', { mode: 'number' }).notNull().default(0),
  },
  (t) => [index('departments_parent').on(t.parentId)],
)

/** Which departments a staff member sits in, and whether they lead it. No key to departments: user/get may name one the sync has not read yet. */
export const staffDepartments = pgTable(
  'staff_departments',
  {
    staffId: integer('staff_id')
      .notNull()
      .references(() => staff.id),
    departmentId: integer('department_id').notNull(),
    isLeader: boolean('is_leader').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.departmentId] }), index('staff_departments_department').on(t.departmentId)],
)
