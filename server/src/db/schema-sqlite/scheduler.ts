import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { createdAt, timestamp } from './columns'

/** `reading`: claimed by a server reading for it, due again if its lease (`run_at`) runs out. */
export const JOB_STATUSES = ['pending', 'reading', 'done', 'failed'] as const

/** Timed transitions; (kind, key) is unique so scheduling the same thing twice is a no-op. */
export const scheduledJobs = sqliteTable(
  'scheduled_jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind').notNull(),
    key: text('key').notNull(),
    runAt: timestamp('run_at').notNull(),
    status: text('status', { enum: JOB_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>(),
    doneAt: timestamp('done_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('scheduled_jobs_kind_key').on(t.kind, t.key), index('scheduled_jobs_due').on(t.status, t.runAt)],
)
