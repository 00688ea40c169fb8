// The demo's lead centre: each rule suggests a script from the library, 陈可乐's birthday is in two
// days, 王大卫's coupon expires in two days, a buyer of 李娜's is due to buy again (and the sidebar
// recommends it to her), and the customers who deleted their guide come from the demo's adds. Today's run is started through the admin API, as an admin's 「立即生成」 does;
// the server runs it again every morning. Safe to run again: a lead exists once per occasion.
import { addDays, businessDate, LEAD_KIND_LABELS, LEAD_KINDS, type LeadKind } from '@liuliang/shared'
import { first, type OpenDatabase } from '@liuliang/server/db'
import { call, freshCode } from './http'

interface LeadsTarget {
  database: OpenDatabase
  serverUrl: string
  admin: { username: string; password: string }
  timeZone: string
}

const DAY_MS = 86_400_000

/** The script each rule suggests: demo library scripts where one fits, else one written for the rule. */
const RULE_SCRIPTS: Record<LeadKind, { title: string; content?: string }> = {
  coupon_expiring: { title: '优惠券即将到期提醒', content: '{{customerName}}您好，您有一张优惠券快到期啦，这两天在小程序下单就能用上，别浪费哦～' },
  repurchase_due: { title: '复购提醒', content: '{{customerName}}，上次买的差不多该用完啦，需要的话我帮您留一份，老客户下单还有积分加倍～' },
  birthday: { title: '生日祝福' },
  silent: { title: '久未联系回访' },
  guide_deleted: { title: '删除后召回', content: '{{customerName}}您好，之前可能打扰到您了，抱歉～会员权益和积分都还在，随时在小程序找我们。' },
}

export async function seedLeads({ database, serverUrl, admin, timeZone }: LeadsTarget): Promise<string> {
  const { query } = database
  const { token } = await call(`${serverUrl}/api/admin/login`, { body: admin })
  const { token: guideToken } = await call(`${serverUrl}/api/sidebar/login`, { body: { code: freshCode('guide_li') } })

  for (const kind of LEAD_KINDS) {
    const { title, content } = RULE_SCRIPTS[kind]
    const found = await first(query<{ id: number }>('select id from scripts where title = ? and owner_staff_id is null', title))
    const scriptId = found
      ? Number(found.id)
      : (await call(`${serverUrl}/api/admin/scripts`, { token, body: { type: 'text', title, content, keywords: ['线索'] } })).id
    const rule = (await call(`${serverUrl}/api/admin/lead-rules`, { token })).items.find((item: { kind: string }) => item.kind === kind)
    await call(`${serverUrl}/api/admin/lead-rules/${kind}`, {
      method: 'PUT',
      token,
      body: { enabled: rule.enabled, days: rule.days, conversionDays: rule.conversionDays, scriptId },
    })
  }

  // 陈可乐's birthday, in two days, as her guide writes it on her profile.
  const carol = await first(query<{ external_user_id: string; birthday: string | null }>("select external_user_id, birthday from customers where unionid = 'u_carol'"))
  if (carol && !carol.birthday) {
    const date = addDays(businessDate(new Date(), timeZone), 2)
    await call(`${serverUrl}/api/sidebar/customers/${carol.external_user_id}/profile`, { method: 'PATCH', token: guideToken, body: { birthday: `1996${date.slice(4)}` } })
  }
  // 王大卫's coupon was given four weeks ago and has two days left.
  await query(
    "update coupons set valid_until = ? where status = 'available' and customer_id = (select id from customers where unionid = 'u_dave') and name = '5 元无门槛券'",
    Date.now() + 2 * DAY_MS,
  )
  // One of 李娜's buyers last bought the brand's most re-bought product a little longer ago than its
  // buyers usually wait: the first run learns that interval from the purchase history, the purchase is
  // written as the shop's past (as the RFM history is), and the second run finds the buyer due.
  await call(`${serverUrl}/api/admin/leads/generate`, { method: 'POST', token })
  await writeRepurchase(database)
  await call(`${serverUrl}/api/admin/leads/generate`, { method: 'POST', token })
  const counts = await query<{ kind: LeadKind; n: number | string }>('select kind, count(*) as n from leads group by kind')
  const found = LEAD_KINDS.map((kind) => `${LEAD_KIND_LABELS[kind]} ${Number(counts.find((row) => row.kind === kind)?.n ?? 0)}`).join('，')
  return `Leads: every rule suggests a script; the guides have ${found}.`
}

const REPURCHASE_KEY = 'demo-leads:repurchase'

async function writeRepurchase({ query }: OpenDatabase): Promise<void> {
  if (await first(query('select 1 from orders where idempotency_key = ?', REPURCHASE_KEY))) return
  const usual = await first(
    query<{ id: number; name: string; price_fen: number; median_days: number }>(
      `select p.id, p.name, p.price_fen, r.median_days from repurchase_intervals r join products p on p.id = r.subject_id
       where r.subject = 'product' order by r.samples desc, p.id limit 1`,
    ),
  )
  if (!usual) return
  const paidAt = Date.now() - (Number(usual.median_days) + 3) * DAY_MS
  // A mini-program user of 李娜's who never bought it and bought nothing since: it is their last purchase.
  const buyer = await first(
    query<{ id: number }>(
      `select c.id from customers c
       join customer_follows f on f.customer_id = c.id and f.status = 'active'
       join staff s on s.id = f.staff_id and s.user_id = 'guide_li'
       where c.openid is not null
         and not exists (select 1 from orders o where o.customer_id = c.id and o.paid_at > ?)
         and not exists (select 1 from orders o join order_items i on i.order_id = o.id where o.customer_id = c.id and i.product_id = ?)
       order by c.id limit 1`,
      paidAt,
      usual.id,
    ),
  )
  if (!buyer) return
  const [order] = await query<{ id: number }>(
    `insert into orders (customer_id, kind, status, amount_fen, pay_deadline, idempotency_key, paid_at, completed_at, created_at)
     values (?, 'normal', 'completed', ?, ?, ?, ?, ?, ?) returning id`,
    buyer.id,
    usual.price_fen,
    paidAt + 15 * 60_000,
    REPURCHASE_KEY,
    paidAt,
    paidAt + 3 * DAY_MS,
    paidAt - 60_000,
  )
  await query('insert into order_items (order_id, product_id, name, price_fen, quantity) values (?, ?, ?, ?, 1)', order?.id, usual.id, usual.name, usual.price_fen)
}
