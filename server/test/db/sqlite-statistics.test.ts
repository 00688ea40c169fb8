// SQLite plans from the statistics ANALYZE keeps; a database the server only ever wrote has none, and
// its planner guesses every index alike. The server describes its tables to the planner when it opens
// the file (and every few hours while it runs): tables that have rows and no statistics, or grew many
// times over since they were taken.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import Fastify from 'fastify'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { openSqlite } from '../../src/db'
import databasePlugin from '../../src/db/plugin'

let dir: string
let file: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'liuliang-statistics-'))
  file = join(dir, 'liuliang.db')
})

afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

/** Each index's row count as its statistics tell it, by index name. */
function statistics(table: string): Map<string, number> {
  const { sqlite, close } = openSqlite(file)
  try {
    const rows = sqlite.prepare('select idx, stat from sqlite_stat1 where tbl = ?').all(table) as { idx: string; stat: string }[]
    return new Map(rows.map((row) => [row.idx, Number(row.stat.split(' ')[0])]))
  } finally {
    close()
  }
}

/** Customers written straight to the file, as a server writes them between two openings. */
function addCustomers(count: number) {
  const { sqlite, close } = openSqlite(file)
  try {
    insertCustomers(sqlite, count)
  } finally {
    close()
  }
}

function insertCustomers(sqlite: Database.Database, count: number) {
  const insert = sqlite.prepare('insert into customers (name, created_at, updated_at) values (?, ?, ?)')
    sqlite.transaction(() => {
      for (let i = 0; i < count; i++) insert.run(`顾客${i}`, 1_767_225_600_000 + i, 1_767_225_600_000 + i)
    })()
}

describe('planner statistics on SQLite', () => {
  it('are taken at open for a table that has rows and none', () => {
    addCustomers(500)
    expect(statistics('customers').get('customers_added')).toBe(500)
  })

  it('are taken again once the table has grown many times over', () => {
    addCustomers(100)
    expect(statistics('customers').get('customers_added')).toBe(100)
    addCustomers(2900)
    expect(statistics('customers').get('customers_added')).toBe(3000)
  })

  it('are left as they are while they still hold', () => {
    addCustomers(1000)
    expect(statistics('customers').get('customers_added')).toBe(1000)
    addCustomers(100)
    expect(statistics('customers').get('customers_added')).toBe(1000)
  })

  it('are taken every few hours by a running server', async () => {
    vi.useFakeTimers({ toFake: ['setInterval'] })
    const app = Fastify()
    try {
      await app.register(databasePlugin, { location: file })
      await app.ready()
      const writer = app.database.sqlite as Database.Database
      const customersCounted = () => writer.prepare("select stat from sqlite_stat1 where idx = 'customers_added'").pluck().get()
      insertCustomers(writer, 500)
      await vi.advanceTimersByTimeAsync(5 * 60 * 60 * 1000)
      expect(customersCounted()).toBeUndefined()
      await vi.advanceTimersByTimeAsync(60 * 60 * 1000)
      await vi.waitFor(() => expect(customersCounted()).toMatch(/^500 /))
    } finally {
      vi.useRealTimers()
      await app.close()
    }
  })
})
