// SQLite plans from the statistics ANALYZE keeps; a database the server only ever wrote has none, and
// its planner guesses every index alike. The server describes its tables to the planner when it starts
// (and every few hours while it runs): tables that have rows and no statistics, or grew many times over
// since they were taken. Opening the file does not: analysing writes, and another process may be
// writing the file.
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

/** The index samples `sqlite_stat4` holds, read without the server opening the file. */
function valueSamples(): number {
  const reader = new Database(file, { readonly: true })
  try {
    const kept = reader.prepare("select 1 from sqlite_schema where name = 'sqlite_stat4'").get() !== undefined
    return kept ? (reader.prepare('select count(*) from sqlite_stat4').pluck().get() as number) : 0
  } finally {
    reader.close()
  }
}

/** Customers written straight to the file, as a server writes them, then the server started and stopped. */
async function addCustomersAndRestart(count: number) {
  const { sqlite, close } = openSqlite(file)
  try {
    insertCustomers(sqlite, count)
  } finally {
    close()
  }
  const app = Fastify()
  await app.register(databasePlugin, { location: file })
  await app.ready()
  // Closing waits for the round that started with the server.
  await app.close()
}

function insertCustomers(sqlite: Database.Database, count: number) {
  const insert = sqlite.prepare('insert into customers (name, created_at, updated_at) values (?, ?, ?)')
    sqlite.transaction(() => {
      for (let i = 0; i < count; i++) insert.run(`顾客${i}`, 1_767_225_600_000 + i, 1_767_225_600_000 + i)
    })()
}

describe('planner statistics on SQLite', () => {
  it('are taken at start for a table that has rows and none', async () => {
    await addCustomersAndRestart(500)
    expect(statistics('customers').get('customers_added')).toBe(500)
  })

  it('are taken again once the table has grown many times over', async () => {
    await addCustomersAndRestart(100)
    expect(statistics('customers').get('customers_added')).toBe(100)
    await addCustomersAndRestart(2900)
    expect(statistics('customers').get('customers_added')).toBe(3000)
  })

  it('are left as they are while they still hold', async () => {
    await addCustomersAndRestart(1000)
    expect(statistics('customers').get('customers_added')).toBe(1000)
    await addCustomersAndRestart(100)
    expect(statistics('customers').get('customers_added')).toBe(1000)
  })

  it('are not taken by opening a file another process is writing, which would fail the open', () => {
    openSqlite(file).close()
    const other = new Database(file)
    try {
      insertCustomers(other, 500)
      other.exec('begin immediate')
      const { sqlite, close } = openSqlite(file)
      try {
        expect(sqlite.prepare('select count(*) from customers').pluck().get()).toBe(500)
      } finally {
        close()
      }
    } finally {
      other.close()
    }
    expect(statistics('customers').size).toBe(0)
  })

  it('keep no samples of the values, with which SQLite would plan a statement again at every run', async () => {
    await addCustomersAndRestart(3000)
    expect(statistics('customers').get('customers_added')).toBe(3000)
    expect(valueSamples()).toBe(0)
  })

  it('lose the samples an analysis without a limit kept before the server opened the file', () => {
    openSqlite(file).close()
    const other = new Database(file)
    try {
      insertCustomers(other, 500)
      other.exec('analyze')
    } finally {
      other.close()
    }
    expect(valueSamples()).toBeGreaterThan(0)
    // The server opening the file, as `statistics` does.
    expect(statistics('customers').get('customers_added')).toBe(500)
    expect(valueSamples()).toBe(0)
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
