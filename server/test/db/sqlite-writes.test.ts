// SQLite's one writer under load: units of work of one pass of the event loop share a commit, commits
// never checkpoint on the server's thread, the checkpointer's thread keeps the log from growing without
// end, and a write lock another connection holds is waited for without stopping the event loop.
import { mkdtempSync, readdirSync, readlinkSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { sql } from 'drizzle-orm'
import Fastify from 'fastify'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { afterCommit, openSqlite, runStatement, type OpenSqlite, type Tx } from '../../src/db'
import { startCheckpointer } from '../../src/db/checkpointer'
import databasePlugin from '../../src/db/plugin'

const PAGE = 4096
let dir: string
let file: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'liuliang-sqlite-'))
  file = join(dir, 'liuliang.db')
})

afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('units of work on SQLite', () => {
  const insert = (tx: Tx, body: string) => runStatement(tx, sql`insert into scratch (body) values (${body})`)
  const logPages = (sqlite: Database.Database) => (sqlite.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0]?.log as number

  /** Units of work on a scratch table, and what another connection sees committed there. */
  async function onScratch(body: string, test: (units: OpenSqlite, committed: () => unknown[]) => Promise<void>) {
    const units = openSqlite(file)
    units.sqlite.exec(`create table scratch (id integer primary key, body ${body})`)
    const other = new Database(file, { readonly: true })
    try {
      await test(units, () => other.prepare('select body from scratch order by id').pluck().all())
    } finally {
      other.close()
      units.close()
    }
  }

  it('commit together when they start in one pass, and each caller hears of its unit once it is committed', () =>
    onScratch('text not null', async ({ db, sqlite }, committed) => {
      sqlite.pragma('wal_autocheckpoint = 0')
      const before = logPages(sqlite)
      const first = db.transaction((tx) => insert(tx, 'one'))
      const second = db.transaction((tx) => insert(tx, 'two'))
      await first
      // The first caller hears of its unit once the commit that holds both has been made.
      expect(committed()).toEqual(['one', 'two'])
      await second
      const grouped = logPages(sqlite) - before
      await db.transaction((tx) => insert(tx, 'three'))
      await db.transaction((tx) => insert(tx, 'four'))
      // Two units one pass apart write the table's page to the log twice; in one commit, once.
      expect(logPages(sqlite) - before - grouped).toBeGreaterThan(grouped)
    }))

  it('take back only their own changes when they fail, and start what waits for the commit after it', () =>
    onScratch('text not null', async ({ db }, committed) => {
      const seenAfterCommit: unknown[] = []
      const units = await Promise.allSettled([
        db.transaction(async (tx) => {
          await insert(tx, 'kept')
          afterCommit(() => seenAfterCommit.push(committed()))
        }),
        db.transaction(async (tx) => {
          await insert(tx, 'taken back')
          afterCommit(() => seenAfterCommit.push('announced a unit that failed'))
          throw new Error('refused')
        }),
        db.transaction((tx) => insert(tx, 'kept too')),
      ])
      expect(units.map((unit) => unit.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
      expect(committed()).toEqual(['kept', 'kept too'])
      await new Promise((resolve) => setTimeout(resolve, 10))
      expect(seenAfterCommit).toEqual([['kept', 'kept too']])
    }))

  it('answer a unit refused as a duplicate once the one that won is committed, for its caller to read', () =>
    onScratch('text not null unique', async ({ db }, committed) => {
      const create = () =>
        db.transaction((tx) => insert(tx, 'same key')).then(
          () => 'created',
          () => committed(),
        )
      expect(await Promise.all([create(), create()])).toEqual(['created', ['same key']])
    }))

  it('keep what their savepoints change in memory, however many pages a unit changes', () =>
    onScratch('text not null', async ({ db, sqlite }, committed) => {
      // A page each, written before: a unit that changes one journals its first content in its savepoint.
      const pages = 100
      sqlite
        .prepare(`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${pages}) insert into scratch (body) select printf('%.3000c', 'a') from n`)
        .run()
      /** Files this process holds open that were deleted once opened: SQLite's temporary files. */
      const temporaryFiles = () =>
        readdirSync('/proc/self/fd').filter((fd) => {
          try {
            return readlinkSync(`/proc/self/fd/${fd}`).endsWith('(deleted)')
          } catch {
            return false // the directory's own descriptor, closed by now
          }
        }).length
      const openBefore = temporaryFiles()
      let openInside = -1
      const changed = (i: number) =>
        db.transaction(async (tx) => {
          // 50 pages (200 KiB) journaled a unit: SQLite's own default moves a journal past 64 KiB into a file.
          await runStatement(tx, sql`update scratch set body = ${`unit ${i}`} where id % 2 = ${i}`)
          openInside = Math.max(openInside, temporaryFiles())
        })
      await Promise.all([changed(0), changed(1)])
      expect(openInside).toBe(openBefore)
      expect(new Set(committed())).toEqual(new Set(['unit 0', 'unit 1']))
    }))

  it('fail together when the transaction ends under one of them, and the next unit starts afresh', () =>
    onScratch('text not null', async ({ db }, committed) => {
      // A unit that ends the transaction stands for SQLite giving it up (a full disk, an I/O error).
      const units = await Promise.allSettled([
        db.transaction((tx) => insert(tx, 'lost with the transaction')),
        db.transaction(async (tx) => {
          await insert(tx, 'ends it')
          await runStatement(tx, sql`rollback`)
        }),
      ])
      expect(units.map((unit) => unit.status)).toEqual(['rejected', 'rejected'])
      await db.transaction((tx) => insert(tx, 'afresh'))
      expect(committed()).toEqual(['afresh'])
    }))
})

describe('the server on SQLite', () => {
  it('never checkpoints in a commit: that is left to the checkpointer', async () => {
    const app = Fastify()
    await app.register(databasePlugin, { location: file })
    try {
      expect(app.database.sqlite?.pragma('wal_autocheckpoint', { simple: true })).toBe(0)
    } finally {
      await app.close()
    }
  })

  it('starts the log over under steady writes, which a passive checkpoint alone never does', async () => {
    const { db, sqlite, holdWritesWhile, close } = openSqlite(file)
    sqlite.pragma('wal_autocheckpoint = 0')
    sqlite.exec('create table scratch (id integer primary key, body blob not null)')
    const failures: string[] = []
    const checkpointer = startCheckpointer(file, { intervalMs: 5, restartAfterPages: 100, retryRestartAfterMs: 5 }, { onError: (message) => failures.push(message), onLost: () => failures.push('lost') })
    holdWritesWhile(checkpointer.holdsWrites)
    await checkpointer.ready
    try {
      // Units back to back, about 5 pages each, 6000 pages in all: far past the limit.
      const body = Buffer.alloc(5 * PAGE - 200, 7)
      for (let i = 0; i < 1200; i++) {
        await db.transaction((tx) => runStatement(tx, sql`insert into scratch (body) values (${body})`))
      }
      const rows = sqlite.prepare('select count(*) as n from scratch').get() as { n: number }
      expect(rows.n).toBe(1200)
      // The log file keeps the length of the longest log it held: restarted, far below what was written.
      // Half of it leaves room for a checkpointer thread a busy machine schedules late (up to 1,000
      // pages were seen with every core taken by other work).
      expect(statSync(`${file}-wal`).size).toBeLessThan(3000 * PAGE)
      expect(failures).toEqual([])
    } finally {
      await checkpointer.stop()
      close()
      checkpointer.release()
    }
  })

  it('tries a restart that a long read blocks again only after a while, not at every pass', async () => {
    const { db, sqlite, holdWritesWhile, close } = openSqlite(file)
    sqlite.pragma('wal_autocheckpoint = 0')
    sqlite.exec('create table scratch (id integer primary key, body blob not null)')
    const blocked: number[] = []
    const checkpointer = startCheckpointer(
      file,
      { intervalMs: 5, restartAfterPages: 100, retryRestartAfterMs: 400 },
      { onError: () => undefined, onLost: () => undefined, onRestartBlocked: () => blocked.push(performance.now()) },
    )
    holdWritesWhile(checkpointer.holdsWrites)
    await checkpointer.ready
    const longRead = new Database(file, { readonly: true })
    try {
      // A read that holds the snapshot from before the writes below: the log cannot start over under it.
      longRead.exec('begin')
      longRead.prepare('select count(*) from scratch').get()
      const body = Buffer.alloc(5 * PAGE - 200, 7)
      const began = performance.now()
      while (performance.now() - began < 1500) await db.transaction((tx) => runStatement(tx, sql`insert into scratch (body) values (${body})`))
      expect(blocked.length).toBeGreaterThan(1)
      // Each try holds writes at the gate while it waits: tried at every 5 ms pass, they would come ~100 ms apart.
      for (let i = 1; i < blocked.length; i++) expect((blocked[i] as number) - (blocked[i - 1] as number)).toBeGreaterThan(300)
    } finally {
      longRead.close()
      await checkpointer.stop()
      close()
      checkpointer.release()
    }
  })

  it('says when its thread ends unasked, and leaves no gate up behind it', async () => {
    let lost!: () => void
    const ended = new Promise<void>((resolve) => (lost = resolve))
    // A thread that cannot open its database dies at once: the same exit as one that dies later.
    const checkpointer = startCheckpointer(join(dir, 'no-such-folder', 'liuliang.db'), { intervalMs: 5, restartAfterPages: 100, retryRestartAfterMs: 5 }, { onError: () => undefined, onLost: lost })
    await expect(checkpointer.ready).rejects.toThrow()
    await ended
    expect(checkpointer.holdsWrites()).toBe(false)
  })

  it('waits for a write lock another connection holds while the event loop goes on', async () => {
    const { db, sqlite, close } = openSqlite(file)
    sqlite.exec('create table scratch (id integer primary key, body text not null)')
    const other = new Database(file)
    try {
      other.exec('begin immediate')
      let ticks = 0
      const ticker = setInterval(() => ticks++, 5)
      setTimeout(() => other.exec('commit'), 150)
      await db.transaction((tx) => runStatement(tx, sql`insert into scratch (body) values ('after the other writer')`))
      clearInterval(ticker)
      // SQLite's own busy wait would have slept the thread: no tick, and the other writer could never commit.
      expect(ticks).toBeGreaterThan(10)
      expect(sqlite.prepare('select body from scratch').pluck().get()).toBe('after the other writer')
    } finally {
      other.close()
      close()
    }
  })
})
