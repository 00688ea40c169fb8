// Long reads on SQLite run on threads of their own: the server's thread goes on turning while one reads,
// where the same read on the server's own reader holds it until the rows are in.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'drizzle-orm'
import { build } from 'esbuild'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { openSqlite, runStatement, selectRows, type OpenSqlite } from '../../src/db'

let dir: string
let database: OpenSqlite

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'liuliang-apart-'))
  database = openSqlite(join(dir, 'liuliang.db'))
  database.sqlite.exec(`create table numbers (n integer primary key);
    insert into numbers with recursive counted(n) as (select 1 union all select n + 1 from counted limit 20000) select n from counted`)
})

afterEach(async () => {
  await database.close()
  rmSync(dir, { recursive: true, force: true })
})

/** A read of ten million rows, a few tenths of a second: every number against the five hundred after it. */
const slowCount = sql`select count(*) as pairs from numbers a join numbers b on b.n between a.n and a.n + 499 where (a.n + b.n) % ${7} = 0`

/** How many times a 1 ms timer fired while `read` ran: none, if the read held the thread. */
async function turnsDuring<T>(read: () => Promise<T>): Promise<{ rows: T; turns: number }> {
  let turns = 0
  const timer = setInterval(() => turns++, 1)
  try {
    const rows = await read()
    return { rows, turns }
  } finally {
    clearInterval(timer)
  }
}

it('answers a long read on its own thread, the same rows the server thread would read', async () => {
  const { db } = database
  const onThread = await turnsDuring(() => selectRows<{ pairs: number }>(db, slowCount))
  const apart = await turnsDuring(() => db.readApart<{ pairs: number }>(slowCount))
  expect(onThread.turns).toBe(0)
  expect(apart.turns).toBeGreaterThan(0)
  expect(apart.rows).toEqual(onThread.rows)
  expect(apart.rows[0]?.pairs).toBeGreaterThan(0)
})

it('sees what units of work have committed, and only that', async () => {
  const { db } = database
  const count = () => db.readApart<{ n: number }>(sql`select count(*) as n from numbers where n > ${20000}`)
  expect(await count()).toEqual([{ n: 0 }])
  await db.transaction((tx) => runStatement(tx, sql`insert into numbers (n) values (${20001}), (${20002})`))
  expect(await count()).toEqual([{ n: 2 }])
})

it('answers a short read while a long one is still reading, and reads below the priority of the server thread', async () => {
  const { db } = database
  let longDone = false
  // Four times the pairs of the slow count: the second thread has long started and answered before it ends.
  const long = db.readApart<{ pairs: number }>(sql`select count(*) as pairs from numbers a join numbers b on b.n between a.n and a.n + 1999 where (a.n + b.n) % ${7} = 0`).then((rows) => {
    longDone = true
    return rows
  })
  expect(await db.readApart(sql`select count(*) as n from numbers`)).toEqual([{ n: 20000 }])
  expect(longDone).toBe(false)
  expect((await long)[0]?.pairs).toBeGreaterThan(0)
  // Linux keeps a nice value per thread: the two reading threads, both set up once both have answered (on busy
  // cores the second can answer before the first has begun), run at 10, the server's thread as it was.
  const niceOf = (task: string) => Number(readFileSync(`/proc/self/task/${task}/stat`, 'utf8').split(') ')[1]?.split(' ')[16])
  const nices = readdirSync('/proc/self/task').map(niceOf)
  expect(niceOf(String(process.pid))).toBe(0)
  expect(nices.filter((nice) => nice === 10)).toHaveLength(2)
})

it("refuses a read inside a unit of work, and answers a bad statement with the driver's error", async () => {
  const { db } = database
  await expect(db.transaction(() => db.readApart(sql`select 1`))).rejects.toThrow('a read inside a unit of work must use its tx')
  await expect(db.readApart(sql`select n from nowhere`)).rejects.toMatchObject({ message: 'no such table: nowhere', code: 'SQLITE_ERROR' })
  // The thread is still there for the next read.
  expect(await db.readApart(sql`select count(*) as n from numbers`)).toEqual([{ n: 20000 }])
})

it('lets a process that read apart stop the thread and end on its own', async () => {
  // The thread is let go while idle; its stop must hold the process until it has closed, or a script
  // that awaits the close (the demo seed) ends with its last await unsettled.
  const source = `import { readsApart } from ${JSON.stringify(fileURLToPath(new URL('../../src/db/reads-apart.ts', import.meta.url)))}
    const reads = readsApart(${JSON.stringify(join(dir, 'liuliang.db'))}, [])
    const [row] = await reads.all('select count(*) as n from numbers', [])
    await reads.stop()
    console.log('stopped after reading', row.n)`
  const script = join(dir, 'read-and-stop.mjs')
  await build({ stdin: { contents: source, resolveDir: dir, loader: 'ts' }, bundle: true, platform: 'node', format: 'esm', outfile: script })
  // The script sits outside the server's folder: its driver is found through NODE_PATH.
  const serverModules = fileURLToPath(new URL('../../node_modules', import.meta.url))
  const ended = spawnSync(process.execPath, [script], { env: { ...process.env, NODE_PATH: serverModules }, encoding: 'utf8', timeout: 30_000 })
  expect({ status: ended.status, stdout: ended.stdout.trim(), stderr: ended.stderr }).toEqual({ status: 0, stdout: 'stopped after reading 20000', stderr: '' })
})
