// The load profiles of `pnpm bench`. Each value profile sends every request as a different customer
// doing the real thing for the first time (today's check-in, a draw with its own idempotency key,
// a seat in an open group), then checks in the database that every 2xx moved value exactly once.
// Its SQL runs on SQLite and PostgreSQL alike.
import type { OpenDatabase } from '@liuliang/server/db'
import { SEARCH_KEYWORDS } from './dataset/script-library'
import { eachRequest, load, percentile, type LoadResult } from './load'
import { call, consumerToken, SERVER_URL } from './processes'

export interface BenchContext {
  /** for reads only, on the database the server writes: it sees each commit */
  db: OpenDatabase
  now: number
  today: string
  settings: { connections: number; duration: number }
  guideToken: string
}

export interface ValueResult extends LoadResult {
  /** distinct customers the requests went to in turn; a small database runs out and repeats them (409s) */
  customers: number
  exactlyOnce: { held: boolean; detail: string }
}

/**
 * Whether the rows a profile wrote match its 2xx answers. Autocannon stops counting with requests
 * still in flight, which the server completes: up to one per connection more rows than answers.
 */
const matches = (ctx: BenchContext, ok: number, rows: number) => rows >= ok && rows - ok <= ctx.settings.connections

/** Enough customers that no request repeats one, at any rate this machine can reach. */
const sampleSize = (ctx: BenchContext) => ctx.settings.duration * 8000

/** The first column of every row. */
const column = async <T>(db: OpenDatabase, sql: string, ...params: unknown[]) =>
  (await db.query<Record<string, T>>(sql, ...params)).map((row) => Object.values(row)[0] as T)
const ids = (db: OpenDatabase, sql: string, ...params: unknown[]) => column<number>(db, sql, ...params)
/** One number: a count, a sum (none is 0) or an id (none is 0). */
const count = async (db: OpenDatabase, sql: string, ...params: unknown[]) => Number((await column(db, sql, ...params))[0] ?? 0)
const maxId = (db: OpenDatabase, table: string) => count(db, `select coalesce(max(id), 0) from ${table}`)

function rotate<T>(items: T[]): () => T {
  let next = 0
  return () => items[next++ % items.length] as T
}

/**
 * Each customer's Authorization header, signed before the load starts: signing during it would spend
 * the load generator's share of the two cores, which the server is measured against.
 */
const authorizations = (customerIds: number[]) => customerIds.map((id) => `Bearer ${consumerToken(id)}`)

/** The sidebar's customer view under load, then one request at a time for its p95. */
export async function customerView(ctx: BenchContext) {
  const contacts = await column<string>(ctx.db, 'select external_user_id from customers where external_user_id is not null order by random() limit 20000')
  const nextContact = rotate(contacts)
  const headers = { authorization: `Bearer ${ctx.guideToken}` }
  const loaded = await load('customer 360 (sidebar)', ctx.settings, {
    url: SERVER_URL,
    headers,
    requests: eachRequest('GET', () => ({ path: `/api/sidebar/customers/${nextContact()}` })),
  })
  process.stdout.write('customer 360, one request at a time…\n')
  const times: number[] = []
  // A kept-alive connection the server closed as the client reused it resets the request: that one is
  // sent again on a new connection and timed from there, and the report counts how often it happened.
  let resets = 0
  for (let i = 0; i < 1000; i++) {
    const path = `${SERVER_URL}/api/sidebar/customers/${nextContact()}`
    let began = performance.now()
    let response = await fetch(path, { headers }).catch(() => null)
    if (!response) {
      resets++
      began = performance.now()
      response = await fetch(path, { headers })
    }
    await response.arrayBuffer()
    times.push(performance.now() - began)
  }
  times.sort((a, b) => a - b)
  const round = (ms: number) => Math.round(ms * 100) / 100
  return {
    load: loaded,
    sequential: { requests: times.length, p50: round(percentile(times, 50)), p95: round(percentile(times, 95)), p99: round(percentile(times, 99)), resets },
  }
}

/** The sidebar's script search, with the words guides type. */
export function scriptSearch(ctx: BenchContext): Promise<LoadResult> {
  const nextWord = rotate(SEARCH_KEYWORDS)
  return load('script search (sidebar)', ctx.settings, {
    url: SERVER_URL,
    headers: { authorization: `Bearer ${ctx.guideToken}` },
    requests: eachRequest('GET', () => ({ path: `/api/sidebar/scripts?q=${encodeURIComponent(nextWord())}` })),
  })
}

/** A new Idempotency-Key for each request, as the mini-program sends with every check-in and draw. */
function requestKeys(profile: string): () => string {
  let sent = 0
  return () => `bench-${profile}-${Date.now()}-${sent++}`
}

/** Today's first check-in of customers who have not checked in today. */
export async function checkIn(ctx: BenchContext): Promise<ValueResult> {
  const { db } = ctx
  const consumers = await ids(
    db,
    'select id from customers where openid is not null and not exists (select 1 from checkins c where c.customer_id = customers.id and c.date = ?) order by random() limit ?',
    ctx.today,
    sampleSize(ctx),
  )
  const nextAuthorization = rotate(authorizations(consumers))
  const nextKey = requestKeys('checkin')
  const before = { checkins: await maxId(db, 'checkins'), ledger: await maxId(db, 'point_ledger'), events: await maxId(db, 'timeline_events') }
  const result = await load('check-in (mini-program)', ctx.settings, {
    url: SERVER_URL,
    requests: eachRequest('POST', () => ({ path: '/api/mp/checkins', headers: { authorization: nextAuthorization(), 'idempotency-key': nextKey() } })),
  })
  const made = await count(db, 'select count(*) from checkins where id > ?', before.checkins)
  const credited = await count(db, "select count(*) from point_ledger where id > ? and reason = 'checkin'", before.ledger)
  const recorded = await count(db, "select count(*) from timeline_events where id > ? and type = 'checked_in'", before.events)
  const twice = await count(db, 'select count(*) from (select customer_id from checkins where id > ? group by customer_id having count(*) > 1) as twice', before.checkins)
  return {
    ...result,
    customers: consumers.length,
    exactlyOnce: {
      held: matches(ctx, result.ok, made) && credited === made && recorded === made && twice === 0,
      detail: `${result.ok} × 201 → ${made} check-ins (${twice} customers twice), ${credited} ledger credits, ${recorded} timeline entries`,
    },
  }
}

/** A draw in the running lottery by customers who have not drawn in it today: their free draw. */
export async function draw(ctx: BenchContext): Promise<ValueResult> {
  const { db } = ctx
  const lotteryId = await count(db, 'select id from lotteries where active = true and starts_at <= ? and ends_at > ? order by id desc limit 1', ctx.now, ctx.now)
  if (!lotteryId) throw new Error('No lottery is running in the bench database; generate it again (pnpm bench:data).')
  const consumers = await ids(
    db,
    `select id from customers where openid is not null
     and not exists (select 1 from lottery_draws d where d.lottery_id = ? and d.customer_id = customers.id and d.date = ?) order by random() limit ?`,
    lotteryId,
    ctx.today,
    sampleSize(ctx),
  )
  const nextAuthorization = rotate(authorizations(consumers))
  const nextKey = requestKeys('draw')
  const stock = () => count(db, 'select sum(stock) from lottery_prizes where lottery_id = ?', lotteryId)
  const before = { draws: await maxId(db, 'lottery_draws'), events: await maxId(db, 'timeline_events'), stock: await stock() }
  const result = await load('lottery draw (mini-program)', ctx.settings, {
    url: SERVER_URL,
    requests: eachRequest('POST', () => ({
      path: `/api/mp/lotteries/${lotteryId}/draws`,
      headers: { authorization: nextAuthorization(), 'idempotency-key': nextKey() },
    })),
  })
  const made = await count(db, 'select count(*) from lottery_draws where id > ?', before.draws)
  const won = await count(db, 'select count(*) from lottery_draws where id > ? and won = true', before.draws)
  const given = before.stock - (await stock())
  const recorded = await count(db, "select count(*) from timeline_events where id > ? and type = 'lottery_drawn'", before.events)
  return {
    ...result,
    customers: consumers.length,
    exactlyOnce: {
      held: matches(ctx, result.ok, made) && won === given && recorded === made,
      detail: `${result.ok} × 201 → ${made} draws (${won} won, ${given} taken from stock), ${recorded} timeline entries`,
    },
  }
}

/**
 * Joining open groups: leaders first open groups in the running campaign and pay (the sandbox's
 * gateway confirms and notifies, as in production); then each request is a different customer
 * taking a seat. A join holds the seat and places the member's order; paying it is a separate step.
 */
export async function join(ctx: BenchContext): Promise<ValueResult> {
  const { db } = ctx
  const [campaign] = await db.query<{ id: number; size: number }>(
    `select id, group_size as size from groupbuy_campaigns where active = true and (starts_at is null or starts_at <= ?)
     and (ends_at is null or ends_at > ?) and stock > 0 order by group_size desc limit 1`,
    ctx.now,
    ctx.now,
  )
  if (!campaign) throw new Error('No group-buy campaign is on sale in the bench database; generate it again (pnpm bench:data).')
  const seatsPerGroup = campaign.size - 1
  const people = await ids(
    db,
    `select id from customers where openid is not null and not exists (select 1 from groupbuy_members m join groupbuy_groups g on g.id = m.group_id
     where g.campaign_id = ? and m.customer_id = customers.id) order by random() limit ?`,
    campaign.id,
    sampleSize(ctx),
  )
  // One leader for every group-full of joiners.
  const leaders = people.slice(0, Math.ceil(people.length / campaign.size))
  const joiners = people.slice(leaders.length)
  const groups = await openGroups(db, campaign.id, leaders)
  const joinerAuthorizations = authorizations(joiners)
  let seat = 0
  const before = { members: await maxId(db, 'groupbuy_members'), orders: await maxId(db, 'orders') }
  const result = await load('group join (mini-program)', ctx.settings, {
    url: SERVER_URL,
    requests: eachRequest('POST', () => {
      const n = seat++
      return {
        path: `/api/mp/groupbuy-groups/${groups[Math.floor(n / seatsPerGroup) % groups.length]}/members`,
        headers: { authorization: joinerAuthorizations[n % joinerAuthorizations.length] as string },
      }
    }),
  })
  const members = await count(db, "select count(*) from groupbuy_members where id > ? and status = 'holding'", before.members)
  const orders = await count(db, "select count(*) from orders where id > ? and kind = 'groupbuy'", before.orders)
  const overfull = await count(
    db,
    `select count(*) from groupbuy_groups g where g.campaign_id = ? and g.paid_count + (select count(*) from groupbuy_members m
     where m.group_id = g.id and m.status = 'holding') > g.size`,
    campaign.id,
  )
  return {
    ...result,
    customers: joiners.length,
    exactlyOnce: {
      held: matches(ctx, result.ok, members) && orders === members && overfull === 0,
      detail: `${result.ok} × 201 → ${members} held seats, ${orders} orders, ${overfull} groups over their size (${groups.length} groups of ${campaign.size})`,
    },
  }
}

/** Opens a group per leader and pays for it, a few at a time; answers the groups once all are open. */
async function openGroups(db: OpenDatabase, campaignId: number, leaders: number[]): Promise<number[]> {
  process.stdout.write(`opening ${leaders.length} groups for the join profile…\n`)
  const groups: number[] = []
  let next = 0
  const worker = async () => {
    while (next < leaders.length) {
      const token = consumerToken(leaders[next++] as number)
      const opened = await call<{ group: { id: number }; order: { id: number } }>(`/api/mp/groupbuys/${campaignId}/groups`, { token, body: {} })
      await call(`/api/mp/orders/${opened.order.id}/pay`, { token, body: {} })
      groups.push(opened.group.id)
    }
  }
  await Promise.all(Array.from({ length: 16 }, worker))
  const first = Math.min(...groups)
  for (let wait = 0; (await count(db, "select count(*) from groupbuy_groups where id >= ? and status = 'pending'", first)) > 0; wait++) {
    if (wait > 600) throw new Error('the payment gateway did not open the groups')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return groups
}
