import { PgTable } from 'drizzle-orm/pg-core'
import { drizzle } from 'drizzle-orm/node-postgres'
import { getTableName, is } from 'drizzle-orm'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copySqliteToPostgres } from '../../src/db/copy-to-postgres'
import * as pgSchema from '../../src/db/schema-pg'
import * as sqliteSchema from '../../src/db/schema-sqlite'
import { openSqlite } from '../../src/db'
import { adminOf, consumerOf } from '../support/activities'
import { addContact, login, startStack, type Stack } from '../support/stack'
import { POSTGRES_MISSING, postgresBinaries, startPostgres, type PostgresCluster } from '../../src/db/throwaway-postgres'

const noPostgres = postgresBinaries() === null

describe.skipIf(noPostgres)(noPostgres ? `copying a SQLite database into PostgreSQL: skipped, ${POSTGRES_MISSING}` : 'copying a SQLite database into PostgreSQL', () => {
  let cluster: PostgresCluster
  let stack: Stack
  let databaseFile: string

  beforeAll(async () => {
    cluster = await startPostgres()
    // A brand's life on SQLite, through the real API: customers from WeCom and the mini-program,
    // check-ins and points with their expiry jobs, admin adjustments, follows and the timeline.
    stack = await startStack()
    const admin = await adminOf(stack)
    await addContact(stack, 'copy_alice', 'guide_li')
    for (const who of ['copy_alice', 'copy_bob', 'copy_carol']) {
      const consumer = await consumerOf(stack, who, admin, 200)
      await consumer.call('/checkins', { method: 'POST' })
    }
    // A picture (bytea on PostgreSQL), whose bytes include what COPY's text format escapes.
    const picture = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x5c, 0x09, 0x0a, 0x00, 0xff])
    const uploaded = await fetch(`${stack.appUrl}/api/admin/materials/images`, { method: 'POST', headers: { 'content-type': 'image/png', authorization: `Bearer ${(await login.admin(stack)).token}` }, body: picture })
    expect(uploaded.status).toBe(201)
    // Text that COPY's format must escape: tabs, line breaks, backslashes, also inside JSON.
    await stack.query("update customers set name = ? where id = (select min(id) from customers)", 'Tab\there \\N back\\slash\r\nline')
    await stack.query('update admins set department_ids = ? where id = 1', JSON.stringify([3]))
    await stack.query("insert into admin_roles (name, permissions) values (?, ?)", 'role\twith\\tab', JSON.stringify(['data:view']))
    databaseFile = stack.database
    // The brand stops its server before moving.
    await stack.app.close()
  }, 60_000)

  afterAll(async () => {
    await stack?.close().catch(() => undefined)
    cluster?.stop()
  })

  const createDatabase = async (name: string) => {
    const admin = new pg.Client(cluster.url('postgres'))
    await admin.connect()
    await admin.query(`create database ${name}`)
    await admin.end()
    return cluster.url(name)
  }

  it('copies every row of every table, values intact, and new rows continue after the copied ids', async () => {
    const target = await createDatabase('copied')
    const report = await copySqliteToPostgres(databaseFile, target)
    expect(report.tables.find((table) => table.name === 'customers')?.rows).toBeGreaterThanOrEqual(3)
    expect(report.tables.find((table) => table.name === 'point_ledger')?.rows).toBeGreaterThan(0)

    const source = openSqlite(databaseFile)
    const pool = new pg.Pool({ connectionString: target })
    const copy = drizzle(pool)
    try {
      const pgTables = new Map(
        (Object.values(pgSchema) as unknown[]).filter((value): value is PgTable => is(value, PgTable)).map((table) => [getTableName(table), table]),
      )
      for (const [name, pgTable] of pgTables) {
        const sqliteTable = (Object.values(sqliteSchema) as unknown[]).find(
          (value) => typeof value === 'object' && value !== null && getTableName(value as PgTable) === name,
        ) as never
        // Both sides read through their own column mapping: dates as Dates, booleans, JSON as objects
        // (whose keys jsonb keeps in an order of its own).
        const inOrder = <T,>(rows: T[]) => rows.map(canonical).sort()
        const before = inOrder(await source.db.select().from(sqliteTable))
        const after = inOrder(await copy.select().from(pgTable))
        expect(after, name).toEqual(before)
      }

      const [{ max }] = (await pool.query('select max(id) as max from customers')).rows as [{ max: number }]
      const [inserted] = (await pool.query(`insert into customers (name, gender, updated_at) values ('新客户', 'unknown', 0) returning id`)).rows as [
        { id: number },
      ]
      expect(inserted.id).toBe(max + 1)
    } finally {
      source.close()
      await pool.end()
    }
  })

  it('refuses a target that already holds data, and leaves it as it was', async () => {
    const target = await createDatabase('occupied')
    await copySqliteToPostgres(databaseFile, target)
    const count = async () => {
      const client = new pg.Client(target)
      await client.connect()
      const { rows } = await client.query('select count(*)::int as n from point_ledger')
      await client.end()
      return rows[0].n as number
    }
    const before = await count()
    await expect(copySqliteToPostgres(databaseFile, target)).rejects.toThrow(/already holds/)
    expect(await count()).toBe(before)
  })
})

/** JSON with every object's keys sorted, so equal values read the same. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, field: unknown) =>
    field && typeof field === 'object' && !Array.isArray(field)
      ? Object.fromEntries(Object.entries(field as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : field,
  )
}
