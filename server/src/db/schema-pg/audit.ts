import { index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core'
import { AUDIT_ACTIONS, type AuditChange } from '@liuliang/shared'
import { timestamp } from './columns'

/**
 * Every change an admin made, and every login: who, when, from where, and what changed. Append-only: the
 * migrations add triggers refusing UPDATE and DELETE. The admin is named by id and by the username they had
 * (a failed login may name nobody); a role, once admins have them, belongs beside them.
 */
export const auditEntries = pgTable(
  'audit_entries',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    at: timestamp('at').notNull(),
    adminId: integer('admin_id'),
    adminName: text('admin_name'),
    action: text('action', { enum: AUDIT_ACTIONS }).notNull(),
    /** the route segment naming the object (`lotteries`, `orders`) */
    objectType: text('object_type'),
    objectId: text('object_id'),
    method: text('method'),
    /** the route as declared, `/api/admin/lotteries/:id` */
    route: text('route'),
    /** the HTTP status answered; null for a change recorded in its own transaction */
    status: integer('status'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    /** the request body with secrets replaced */
    requestBody: jsonb('request_body').$type<unknown>(),
    changes: jsonb('changes').$type<AuditChange[]>(),
  },
  // The console searches by person, object or action, newest first, within dates.
  (t) => [
    index('audit_entries_at').on(t.at),
    index('audit_entries_admin').on(t.adminName, t.id),
    index('audit_entries_object').on(t.objectType, t.objectId, t.id),
    index('audit_entries_action').on(t.action, t.id),
  ],
)
