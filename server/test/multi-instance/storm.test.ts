// Several servers on one PostgreSQL, stormed: two real server processes (as production runs them,
// from server/dist) share a database and take requests split between them, then race each other's
// schedulers for a thousand due jobs while one of them is killed mid-run. What must hold afterwards
// is checked in the database itself: no double credit, no job run twice, no stock below zero, no
// group over its size, and every customer's books balancing.
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/env'
import { createTestDatabase } from '../support/postgres'
import { startSandbox, type Sandbox } from '../support/sandbox'
import { serverProcesses, sleep, type ServerProcess } from '../support/server-processes'
import { request, type JsonReply } from '../support/stack'

const CONSUMERS = 1100
const DRAWERS = 200
const JOINERS = 30
const PRIZE_STOCK = 5
const LOGINS_IN_FLIGHT = 64
const STORM_TIMEOUT = 180_000
/** How long server B gets to finish the jobs server A was killed among. */
const JOBS_DEADLINE_MS = 60_000

type Init = Parameters<typeof request>[1]

interface Consumer {
  index: number
  id: number
  token: string
}

/** Runs `task` for every item, at most `limit` at a time. */
async function pooled<T>(items: T[], limit: number, task: (item: T) => Promise<void>) {
  let next = 0
  const worker = async () => {
    while (next < items.length) await task(items[next++] as T)
  }
  await Promise.all(Array.from({ length: limit }, worker))
}

/** Check-ins and free draws count per business day (Asia/Shanghai): keep the storms clear of its midnight. */
async function clearOfMidnight() {
  const left = 86_400_000 - ((Date.now() + 8 * 3_600_000) % 86_400_000)
  if (left < 120_000) await sleep(left + 1_000)
}

describe('two servers on one PostgreSQL, stormed', () => {
  const processes = serverProcesses()
  const { servers } = processes
  const startServer = processes.start
  const serverLogs = processes.logs
  let sandbox: Sandbox | undefined
  let sandboxUrl = ''
  let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined
  let sql: pg.Client | undefined
  let A: ServerProcess
  let B: ServerProcess
  let adminToken = ''
  const people: Consumer[] = []

  /** Raw SQL on the test database, `$n` placeholders. */
  const rows = async <T = any>(text: string, ...params: unknown[]): Promise<T[]> => (await (sql as pg.Client).query(text, params)).rows as T[]
  /** The `n` a counting query answers. */
  const count = async (text: string, ...params: unknown[]) => Number((await rows<{ n: number }>(text, ...params))[0]?.n)

  const call = (server: ServerProcess, path: string, init: Init = {}) => request(`${server.url}${path}`, init)
  const mp = (server: ServerProcess, who: Consumer, path: string, init: Init = {}) => call(server, `/api/mp${path}`, { token: who.token, ...init })
  const admin = (path: string, init: Init = {}) => call(A, `/api/admin${path}`, { token: adminToken, ...init })
  const other = (server: ServerProcess) => (server === A ? B : A)
  const either = () => (Math.random() < 0.5 ? A : B)
  const show = (reply: JsonReply) => `${reply.status} ${JSON.stringify(reply.body)}`

  /** An `it` whose failure message carries what the servers printed. */
  const storm = (name: string, body: () => Promise<void>) =>
    it(
      name,
      async () => {
        try {
          await body()
        } catch (error) {
          if (error instanceof Error) error.message += `\n\nserver output:\n${serverLogs()}`
          throw error
        }
      },
      STORM_TIMEOUT,
    )

  /** Polls `check` until it answers something other than undefined; bounded. */
  async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const value = await check()
      if (value !== undefined) return value
      if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`)
      await sleep(50)
    }
  }

  beforeAll(async () => {
    database = await createTestDatabase()
    // A minimal environment: no NODE_ENV (development defaults, the sandbox's secrets), quiet logs.
    const baseEnv: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      DATABASE_URL: database.url,
      SCHEDULER_INTERVAL_MS: '200',
    }
    const config = loadConfig(baseEnv)
    let callbackUrl = ''
    ;({ sandbox, url: sandboxUrl } = await startSandbox(config, { callbackUrl: () => callbackUrl }))
    // Each server names its connections (PostgreSQL's application_name), so the test sees whose unit of work ran a job.
    const envFor = (name: string, notifyBase: (port: number) => string) => (port: number) => ({
      ...baseEnv,
      DATABASE_URL: `${database!.url}?application_name=storm-${name}`,
      PORT: String(port),
      WECHAT_API_BASE: sandboxUrl,
      WECOM_API_BASE: sandboxUrl,
      PAYMENT_API_BASE: sandboxUrl,
      PAYMENT_NOTIFY_URL: `${notifyBase(port)}/payments/notify`,
    })
    // Both migrate the same fresh database as they start: they take turns on an advisory lock.
    A = await startServer('A', envFor('A', (port) => `http://127.0.0.1:${port}`))
    B = await startServer('B', envFor('B', () => A.url))
    callbackUrl = `${A.url}/wecom/callback`
    sql = new pg.Client(database.url)
    await sql.connect()
    const login = await request(`${A.url}/api/admin/login`, { body: { username: config.admin.username, password: config.admin.password } })
    if (login.status !== 200) throw new Error(`admin login failed: ${show(login)}\n${serverLogs()}`)
    adminToken = login.body.token
  }, 90_000)

  afterAll(async () => {
    await processes.stopAll()
    await sql?.end().catch(() => undefined)
    await database?.drop().catch(() => undefined)
    await sandbox?.close().catch(() => undefined)
  }, 60_000)

  storm(`${CONSUMERS} consumers log in and check in on both servers at once: one check-in, one credit each`, async () => {
    await clearOfMidnight()
    const problems: string[] = []
    // Logins wait on the sandbox, which shares this process with the storm's own requests: a bounded
    // number in flight keeps its answers inside the server's 5 s Tencent timeout.
    await pooled(Array.from({ length: CONSUMERS }, (_, index) => index), LOGINS_IN_FLIGHT, async (index) => {
      const home = index % 2 === 0 ? A : B
      const login = await call(home, '/api/mp/login', { body: { code: `test_storm${index}~${Math.random()}` } })
      if (login.status !== 200) return void problems.push(`login ${index} on ${home.name}: ${show(login)}`)
      people[index] = { index, id: login.body.customer.id, token: login.body.token }
    })
    expect(problems.slice(0, 20), `${problems.length} failed logins`).toEqual([])

    // Every check-in at once: the same retry sent to both servers, and a second tap with no key.
    await Promise.all(
      people.map(async (who) => {
        const headers = { 'idempotency-key': `storm-checkin-${who.index}` }
        const replies = await Promise.all([
          mp(A, who, '/checkins', { method: 'POST', headers }),
          mp(B, who, '/checkins', { method: 'POST', headers }),
          mp(either(), who, '/checkins', { method: 'POST' }),
        ])
        const first = replies.find((r) => r.status === 201)
        if (!first) return void problems.push(`customer ${who.id}: no check-in went through: ${replies.map(show).join(' | ')}`)
        for (const reply of replies) {
          const same = reply.status === 201 && JSON.stringify(reply.body) === JSON.stringify(first.body)
          const refused = reply.status === 409 && reply.body?.error?.code === 'ALREADY_CHECKED_IN'
          if (!same && !refused) problems.push(`customer ${who.id}: ${show(reply)} (first: ${show(first)})`)
        }
        // One key, one answer: both 201 with the same body (the keyed request won), or both 409 (the bare tap did).
        const [onA, onB] = replies
        if (show(onA) !== show(onB)) problems.push(`customer ${who.id}: one key, two answers: A ${show(onA)} | B ${show(onB)}`)
      }),
    )
    expect(problems.slice(0, 20), `${problems.length} unexpected replies`).toEqual([])
    expect(new Set(people.map((p) => p.id)).size).toBe(CONSUMERS)

    const ids = people.map((p) => p.id)
    const perCustomer = await rows<{ customer_id: number; checkins: number; credits: number }>(
      `select c.id as customer_id,
              (select count(*)::int from checkins k where k.customer_id = c.id) as checkins,
              (select count(*)::int from point_ledger l where l.customer_id = c.id and l.reason = 'checkin') as credits
       from customers c where c.id = any($1)`,
      ids,
    )
    expect(perCustomer).toHaveLength(CONSUMERS)
    expect(perCustomer.filter((r) => r.checkins !== 1 || r.credits !== 1)).toEqual([])
  })

  storm(`${DRAWERS} consumers draw on a prize of stock ${PRIZE_STOCK} across both servers, some retrying on the other`, async () => {
    expect(people.length, 'the check-in storm logs the consumers in').toBe(CONSUMERS)
    const now = Date.now()
    const created = await admin('/lotteries', {
      body: {
        name: '风暴转盘',
        startsAt: new Date(now - 3_600_000).toISOString(),
        endsAt: new Date(now + 86_400_000).toISOString(),
        costPoints: 10,
        freeDrawsPerDay: 3,
        maxDrawsPerUser: 3,
        prizes: [
          { name: '5 积分', type: 'points', weight: 50, stock: PRIZE_STOCK, points: 5 },
          { name: '谢谢参与', type: 'thanks', weight: 50, stock: 0 },
        ],
      },
    })
    expect(created.status, show(created)).toBe(201)
    const lotteryId = created.body.id as number
    const prizeId = created.body.prizes[0].id as number

    const problems: string[] = []
    let keyless = 0
    await Promise.all(
      people.slice(0, DRAWERS).map(async (who) => {
        const home = who.index % 2 === 0 ? A : B
        const headers = { 'idempotency-key': `storm-draw-${who.index}` }
        const keyed = [mp(home, who, `/lotteries/${lotteryId}/draws`, { method: 'POST', headers })]
        // Every third retries the same draw on the other server at once; every fifth draws again, keyless.
        if (who.index % 3 === 0) keyed.push(mp(other(home), who, `/lotteries/${lotteryId}/draws`, { method: 'POST', headers }))
        const extra = who.index % 5 === 0 ? [mp(either(), who, `/lotteries/${lotteryId}/draws`, { method: 'POST' })] : []
        keyless += extra.length
        const [same, more] = await Promise.all([Promise.all(keyed), Promise.all(extra)])
        for (const reply of [...same, ...more]) if (reply.status !== 201) problems.push(`customer ${who.id}: ${show(reply)}`)
        const drawIds = new Set(same.filter((r) => r.status === 201).map((r) => r.body.draw.id))
        if (drawIds.size > 1) problems.push(`customer ${who.id}: one idempotency key, draws ${[...drawIds].join(', ')}`)
      }),
    )
    expect(problems.slice(0, 20), `${problems.length} unexpected replies`).toEqual([])

    const [prize] = await rows<{ stock: number; wins: number }>(
      `select p.stock, (select count(*)::int from lottery_draws d where d.prize_id = p.id and d.won) as wins
       from lottery_prizes p where p.id = $1`,
      prizeId,
    )
    expect(prize!.stock).toBeGreaterThanOrEqual(0)
    expect(prize!.wins + prize!.stock).toBe(PRIZE_STOCK)
    const duplicated = await rows(
      `select customer_id, idempotency_key, count(*)::int as n from lottery_draws
       where lottery_id = $1 and idempotency_key is not null group by customer_id, idempotency_key having count(*) > 1`,
      lotteryId,
    )
    expect(duplicated).toEqual([])
    expect(await count('select count(*)::int as n from lottery_draws where lottery_id = $1', lotteryId)).toBe(DRAWERS + keyless)
  })

  storm(`${JOINERS} consumers join and pay for a 3-seat group across both servers: exactly 3 paid members`, async () => {
    expect(people.length, 'the check-in storm logs the consumers in').toBe(CONSUMERS)
    const mode = await request(`${sandboxUrl}/sandbox/payments/mode`, { method: 'PUT', body: { payments: 'confirm', refunds: 'confirm', delayMs: 30 } })
    expect(mode.status, show(mode)).toBe(200)
    const product = await admin('/products', { body: { name: '蜂蜜礼盒', priceFen: 19_900, stock: 100 } })
    expect(product.status, show(product)).toBe(201)
    const campaign = await admin('/groupbuys', {
      body: { productId: product.body.id, groupSize: 3, priceFen: 9_900, durationMinutes: 60, stock: 200, perUserLimit: 1 },
    })
    expect(campaign.status, show(campaign)).toBe(201)

    const orderSettles = (server: ServerProcess, who: Consumer, orderId: number) =>
      until(`order ${orderId} to be paid or refunded`, async () => {
        const order = await mp(server, who, `/orders/${orderId}`)
        return ['paid', 'refunded'].includes(order.body.status) ? (order.body.status as string) : undefined
      })

    const leader = people[CONSUMERS - JOINERS - 1]!
    const opened = await mp(A, leader, `/groupbuys/${campaign.body.id}/groups`, { method: 'POST' })
    expect(opened.status, show(opened)).toBe(201)
    const groupId = opened.body.group.id as number
    const leaderPaid = await mp(B, leader, `/orders/${opened.body.order.id}/pay`, { method: 'POST' })
    expect(leaderPaid.status, show(leaderPaid)).toBe(200)
    expect(await orderSettles(A, leader, opened.body.order.id)).toBe('paid')

    const problems: string[] = []
    const orders: { who: Consumer; orderId: number }[] = []
    await Promise.all(
      people.slice(CONSUMERS - JOINERS).map(async (who) => {
        const home = who.index % 2 === 0 ? A : B
        const joined = await mp(home, who, `/groupbuy-groups/${groupId}/members`, { method: 'POST' })
        if (joined.status !== 201) {
          if (!(joined.status === 409 && joined.body.error.code === 'GROUP_FULL')) problems.push(`join of ${who.id}: ${show(joined)}`)
          return
        }
        const orderId = joined.body.order.id as number
        orders.push({ who, orderId })
        // Pay on the other server; every fourth taps pay on both at once.
        const [paid, again] = await Promise.all([
          mp(other(home), who, `/orders/${orderId}/pay`, { method: 'POST' }),
          who.index % 4 === 0 ? mp(home, who, `/orders/${orderId}/pay`, { method: 'POST' }) : undefined,
        ])
        if (paid.status !== 200) problems.push(`pay of ${who.id}: ${show(paid)}`)
        // A second tap may land after the first was confirmed, or after the group filled.
        const lateTap = again?.status === 409 && ['ORDER_NOT_PAYABLE', 'GROUP_FULL'].includes(again.body.error.code)
        if (again && again.status !== 200 && !lateTap) problems.push(`second pay of ${who.id}: ${show(again)}`)
      }),
    )
    expect(problems, `${problems.length} unexpected replies`).toEqual([])
    const outcomes = await Promise.all(orders.map(({ who, orderId }) => orderSettles(either(), who, orderId)))
    expect(outcomes.filter((status) => status === 'paid')).toHaveLength(2)
    await until('refunds to settle', async () => ((await count("select count(*)::int as n from refunds where status = 'pending'")) === 0 ? true : undefined))

    const [group] = await rows<{ status: string; paid_count: number; size: number; paid_members: number }>(
      `select g.status, g.paid_count, g.size,
              (select count(*)::int from groupbuy_members m where m.group_id = g.id and m.status = 'paid') as paid_members
       from groupbuy_groups g where g.id = $1`,
      groupId,
    )
    expect(group).toEqual({ status: 'succeeded', paid_count: 3, size: 3, paid_members: 3 })
    const paidOrders = await count(
      "select count(*)::int as n from groupbuy_members m join orders o on o.id = m.order_id where m.group_id = $1 and o.status = 'paid'",
      groupId,
    )
    expect(paidOrders).toBe(3)
  })

  storm('both schedulers race for 1000+ due points-expiry jobs; one is killed mid-run and the other finishes them, each once', async () => {
    const checkedIn = await rows<{ customer_id: number }>('select distinct customer_id from checkins')
    expect(checkedIn.length).toBeGreaterThanOrEqual(CONSUMERS)
    const unplanned = await rows(
      `select k.customer_id from checkins k where not exists (
         select 1 from scheduled_jobs j where j.kind = 'points-expiry' and j.status = 'pending' and (j.payload->>'customerId')::int = k.customer_id)`,
    )
    expect(unplanned, 'every customer who checked in has a pending points-expiry job').toEqual([])

    // A second run that changes nothing leaves no trace in the servers' own rows (attempts is written, not
    // added to): the test's trigger counts every time a job is marked done. A rolled-back run counts nothing.
    await rows(`
      create table storm_job_runs (job_id integer not null, was text not null, runner text not null);
      create function storm_record_run() returns trigger language plpgsql as $$
      begin
        insert into storm_job_runs (job_id, was, runner) values (new.id, old.status, current_setting('application_name'));
        return new;
      end $$;
      create trigger storm_record_run after update on scheduled_jobs for each row
        when (new.kind = 'points-expiry' and new.status = 'done') execute function storm_record_run();
    `)

    // Lots and jobs due at the same instant, in one transaction: no job is claimed before its lots are due.
    const due = Date.now()
    await rows('begin')
    let jobs: { id: number }[]
    try {
      await rows(
        `update point_lots set expires_at = $1 where customer_id in (
           select (payload->>'customerId')::int from scheduled_jobs where kind = 'points-expiry' and status = 'pending')`,
        due,
      )
      jobs = await rows<{ id: number }>("update scheduled_jobs set run_at = $1 where kind = 'points-expiry' and status = 'pending' returning id", due)
      await rows('commit')
    } catch (error) {
      await rows('rollback')
      throw error
    }
    expect(jobs.length).toBeGreaterThanOrEqual(CONSUMERS)
    const jobIds = jobs.map((job) => job.id)

    await sleep(300 - (Date.now() - due))
    const doneAtKill = await count("select count(*)::int as n from scheduled_jobs where id = any($1) and status = 'done'", jobIds)
    const runnersAtKill = (await rows<{ runner: string }>('select distinct runner from storm_job_runs order by runner')).map((row) => row.runner)
    A.child.kill('SIGKILL')
    await A.exited
    expect(doneAtKill, 'the kill must come while the jobs are still running (more jobs, or an earlier kill)').toBeLessThan(jobIds.length)
    expect(runnersAtKill, 'both schedulers were running jobs when A was killed').toEqual(['storm-A', 'storm-B'])

    try {
      await until(
        'server B to finish every points-expiry job',
        async () => ((await count("select count(*)::int as n from scheduled_jobs where id = any($1) and status = 'pending'", jobIds)) === 0 ? true : undefined),
        JOBS_DEADLINE_MS,
      )
    } catch (error) {
      const stuck = await rows(
        "select id, status, attempts, last_error, run_at from scheduled_jobs where id = any($1) and status <> 'done' order by id limit 10",
        jobIds,
      )
      throw new Error(`${(error as Error).message}; ${doneAtKill} done when A was killed; not done: ${JSON.stringify(stuck)}`)
    }

    const notOnce = await rows(
      "select id, status, attempts, last_error from scheduled_jobs where id = any($1) and (status <> 'done' or attempts <> 1) order by id limit 20",
      jobIds,
    )
    expect(notOnce, 'each job done exactly once; a run rolled back by the kill does not count').toEqual([])
    const runs = await rows(
      `select j.id, count(r.job_id)::int as runs, string_agg(r.was, ',') as from_status
       from scheduled_jobs j left join storm_job_runs r on r.job_id = j.id where j.id = any($1) group by j.id having count(r.job_id) <> 1`,
      jobIds,
    )
    expect(runs.slice(0, 20), `${runs.length} jobs were not marked done exactly once`).toEqual([])
    const expiries = await rows<{ id: number; entries: number }>(
      `select j.id, (select count(*)::int from point_ledger l where l.idempotency_key = 'expire:job:' || j.id and l.reason = 'expire') as entries
       from scheduled_jobs j where j.id = any($1)`,
      jobIds,
    )
    expect(expiries.filter((job) => job.entries !== 1)).toEqual([])
    const twice = await rows(
      "select customer_id, count(*)::int as n from point_ledger where reason = 'expire' group by customer_id having count(*) > 1",
    )
    expect(twice, 'no customer expired twice').toEqual([])
    const events = await rows(
      "select customer_id, count(*)::int as n from timeline_events where type = 'points_expired' group by customer_id having count(*) > 1",
    )
    expect(events).toEqual([])
    // Everything they held was due: every balance of theirs is now zero.
    const left = await rows(
      `select customer_id, balance from point_accounts where balance <> 0 and customer_id in (
         select (payload->>'customerId')::int from scheduled_jobs where id = any($1))`,
      jobIds,
    )
    expect(left).toEqual([])
  })

  storm('afterwards every customer’s books balance, no stock is negative and no group is over its size', async () => {
    const unbalanced = await rows(
      `select c.id,
              coalesce((select a.balance from point_accounts a where a.customer_id = c.id), 0)::int as balance,
              coalesce((select sum(l.delta) from point_ledger l where l.customer_id = c.id), 0)::int as ledger,
              coalesce((select sum(p.remaining) from point_lots p where p.customer_id = c.id), 0)::int as lots
       from customers c`,
    )
    expect(unbalanced.length).toBeGreaterThanOrEqual(CONSUMERS)
    expect(unbalanced.filter((r) => r.balance !== r.ledger || r.ledger !== r.lots).slice(0, 20)).toEqual([])
    expect(await rows('select id, stock from lottery_prizes where stock < 0')).toEqual([])
    const overfull = await rows(
      `select g.id, g.size, g.paid_count,
              (select count(*)::int from groupbuy_members m where m.group_id = g.id and m.status = 'paid') as paid_members
       from groupbuy_groups g`,
    )
    expect(overfull.filter((g) => g.paid_count > g.size || g.paid_members > g.size)).toEqual([])
    // The survivor still answers, and neither server logged an error (pino level 50 and up).
    expect((await call(B, '/healthz')).status).toBe(200)
    const errors = servers.flatMap((s) => s.output.join('').split('\n').filter((line) => /"level":(5|6)\d/.test(line)))
    expect(errors.slice(0, 5)).toEqual([])
  })
})
