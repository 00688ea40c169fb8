import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { staff } from './staff'

/** WeCom's department tree (通讯录), mirrored by the directory sync; the key is WeCom's department id. */
export const departments = sqliteTable(
  'departments',
  {
    id: integer('id').primaryKey(),
    name: text('name').notNull(),
    /** null for the root (the corp itself) */
    parentId: integer('parent_id'),
    /** WeCom's order among siblings: a larger value comes first (0 to 2^32) */
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [index('departments_parent').on(t.parentId)],
)

/** Which departments a staff member sits in, and whether they lead it. No key to departments: user/get may name one the sync has not read yet. */
export const staffDepartments = sqliteTable(
  'staff_departments',
  {
    staffId: integer('staff_id')
      .notNull()
      .references(() => staff.id),
    departmentId: integer('department_id').notNull(),
    isLeader: integer('is_leader', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.departmentId] }), index('staff_departments_department').on(t.departmentId)],
)
