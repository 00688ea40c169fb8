// Broadcasts sent before each task carried its recipients' counts: the migration that adds the counts fills
// them from the recipients already written, on the engine this run uses.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { drizzle as sqliteDrizzle } from 'drizzle-orm/better-sqlite3'
import { migrate as sqliteMigrate } from 'drizzle-orm/better-sqlite3/migrator'
import { drizzle as pgDrizzle } from 'drizzle-orm/node-postgres'
import { migrate as pgMigrate } from 'drizzle-orm/node-postgres/migrator'
import pg from 'pg'
import { afterAll, expect, it } from 'vitest'
import { processDatabaseEngine } from '../../src/env'
import { migrationsFolder, pgMigrationsFolder } from '../../src/paths'
import { createTestDatabase } from '../support/postgres'

const postgres = processDatabaseEngine() === 'postgres'
const dir = mkdtempSync(join(tmpdir(), 'liuliang-migration-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The migrations as they stood before `tag`: the folder copied, its journal cut there. */
function migrationsBefore(folder: string, tag: string): string {
  const copy = join(dir, 'before')
  cpSync(folder, copy, { recursive: true })
  const journalPath = join(copy, 'meta', '_journal.json')
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string; idx: number }[] }
  const cut = journal.entries.findIndex((entry) => entry.tag === tag)
  expect(cut, `no migration ${tag}`).toBeGreaterThan(0)
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, cut) }))
  return copy
}

/** A broadcast of one guide in two tasks, results in, as a server before the counts wrote it. */
const SENT_BEFORE = (json: string) => [
  `insert into staff (id, user_id, name) values (1, 'guide_a', '李娜')`,
  `insert into broadcasts (id, name, chat_type, status, text, attachments, send_at) values (1, '春季上新', 'single', 'waiting', '新品到店', ${json}, 1773108000000)`,
  `insert into broadcast_tasks (id, broadcast_id, staff_id, batch, status) values (1, 1, 1, 0, 'sent'), (2, 1, 1, 1, 'waiting')`,
  `insert into broadcast_recipients (broadcast_id, task_id, wecom_id, status) values
    (1, 1, 'wm_a', 'sent'), (1, 1, 'wm_b', 'sent'), (1, 1, 'wm_c', 'not_friend'), (1, 1, 'wm_d', 'over_quota'),
    (1, 2, 'wm_e', 'pending'), (1, 2, 'wm_f', 'failed')`,
]
const COUNTS = `select id, recipients, recipients_pending, recipients_sent, recipients_not_friend, recipients_over_quota, recipients_failed
  from broadcast_tasks order by id`

async function countsAfterMigrating(): Promise<Record<string, unknown>[]> {
  if (!postgres) {
    const sqlite = new Database(join(dir, 'liuliang.db'))
    try {
      sqliteMigrate(sqliteDrizzle(sqlite), { migrationsFolder: migrationsBefore(migrationsFolder, '0038_broadcast_task_counts') })
      for (const statement of SENT_BEFORE(`'[]'`)) sqlite.exec(statement)
      sqliteMigrate(sqliteDrizzle(sqlite), { migrationsFolder })
      return sqlite.prepare(COUNTS).all() as Record<string, unknown>[]
    } finally {
      sqlite.close()
    }
  }
  const database = await createTestDatabase()
  const pool = new pg.Pool({ connectionString: database.url })
  try {
    await pgMigrate(pgDrizzle(pool), { migrationsFolder: migrationsBefore(pgMigrationsFolder, '0031_broadcast_task_counts') })
    for (const statement of SENT_BEFORE(`'[]'::jsonb`)) await pool.query(statement)
    await pgMigrate(pgDrizzle(pool), { migrationsFolder: pgMigrationsFolder })
    return (await pool.query(COUNTS)).rows
  } finally {
    await pool.end()
    await database.drop()
  }
}

it('counts the recipients each task already had', async () => {
  expect(await countsAfterMigrating()).toEqual([
    { id: 1, recipients: 4, recipients_pending: 0, recipients_sent: 2, recipients_not_friend: 1, recipients_over_quota: 1, recipients_failed: 0 },
    { id: 2, recipients: 2, recipients_pending: 1, recipients_sent: 0, recipients_not_friend: 0, recipients_over_quota: 0, recipients_failed: 1 },
  ])
})
