// Mini-program subscription messages (订阅消息). The mini-program reports which templates a customer accepted (WeChat
// tells the client, not the server); each accept allows one send. Events announce themselves inside their unit of
// work, and the message goes after it commits: one send per event, whatever retries or other servers do. The daily
// reminders and notices, to many customers at once, are written out as queued sends instead and sent in turn, so a
// restart or another server carries on with the rest.
import { and, asc, desc, eq, gt, inArray, lt, sql } from 'drizzle-orm'
import {
  DEFAULT_SUBSCRIPTION_SETTINGS,
  renderKeywordValue,
  SUBSCRIPTION_EVENTS,
  SUBSCRIPTION_EVENT_NAMES,
  SUBSCRIPTION_MOMENTS,
  unknownVariable,
  type SubscriptionEvent,
  type SubscriptionGrants,
  type SubscriptionMoment,
  type SubscriptionSend,
  type SubscriptionSendsQuery,
  type SubscriptionSettings,
  type SubscriptionTemplate,
  type WechatTemplate,
} from '@liuliang/shared'
import { TencentApiError } from '../clients/tencent-client'
import type { WechatClient } from '../clients/wechat-client'
import { afterCommit, first, prepared, rowsChanged, selectRows, skipLocked, type DbOrTx, type Tx } from '../db'
import { selectBoundRows } from '../db/bound-rows'
import { cursorBefore, pageOf } from '../db/paging'
import { customers, settings, subscriptionGrants, subscriptionSends } from '../db/schema'
import { badRequest } from '../errors'
import type { ServiceDeps } from '../services'
import { settingByKey } from '../settings/settings-service'

const SETTINGS_KEY = 'subscription_messages'
/** WeChat's answer when the user holds no subscription to the template. */
const NOT_SUBSCRIBED = 43101

export type SendRow = typeof subscriptionSends.$inferSelect

/** Something a customer may hear of. */
export interface SubscriptionNotice {
  event: SubscriptionEvent
  customerId: number
  /** names the happening (`prize_won:draw:12`): a notice with a key already sent is not sent again */
  key: string
  /** The event's values (`{product}`…), read after the commit and only when the customer holds a subscription. */
  values: () => Promise<Record<string, string>>
}

/** One of many notices of a daily run, written out to be sent in turn. */
export interface QueuedNotice {
  customerId: number
  key: string
  values: Record<string, string>
}

/** A queued notice not sent within this long (no server ran) is out of date, as a reminder for a day gone by: it is dropped. */
const QUEUED_FOR_AT_MOST_MS = 12 * 3600 * 1000

/**
 * How long a send may wait for WeChat's answer: far past any call's timeout, so only a send whose server stopped
 * before the answer came waits longer.
 */
const ANSWERED_WITHIN_MS = 10 * 60 * 1000

const QUEUED_COLUMNS = { customer_id: 'integer', event_key: 'text', page: 'text', data: 'jsonb' } as const

/**
 * The customer's openid and the sends they hold of a template: read after every event that may notify (each
 * prize won), for most customers to find nothing held, so built once.
 */
const recipientOf = prepared((handle: DbOrTx) =>
  handle
    .select({ openid: customers.openid, remaining: subscriptionGrants.remaining })
    .from(customers)
    .leftJoin(subscriptionGrants, and(eq(subscriptionGrants.customerId, customers.id), eq(subscriptionGrants.templateId, sql.placeholder('templateId'))))
    .where(eq(customers.id, sql.placeholder('customerId'))),
)

export interface SubscriptionMessageDeps extends ServiceDeps {
  wechat: WechatClient
}

/** The stored settings over the defaults, so an event added later starts with its default template. */
function withDefaults(stored: Partial<SubscriptionSettings> | undefined): SubscriptionSettings {
  return { ...DEFAULT_SUBSCRIPTION_SETTINGS, ...stored, templates: { ...DEFAULT_SUBSCRIPTION_SETTINGS.templates, ...stored?.templates } }
}

function checkSettings(value: SubscriptionSettings): void {
  for (const event of SUBSCRIPTION_EVENTS) {
    const template = value.templates[event]
    const name = SUBSCRIPTION_EVENT_NAMES[event]
    if (template.templateId && template.fields.length === 0) throw badRequest('INVALID_SUBSCRIPTION_TEMPLATE', `「${name}」需要至少一个模板字段`)
    const keywords = new Set<string>()
    for (const field of template.fields) {
      if (keywords.has(field.keyword)) throw badRequest('INVALID_SUBSCRIPTION_TEMPLATE', `「${name}」的字段 ${field.keyword} 重复了`)
      keywords.add(field.keyword)
      const unknown = unknownVariable(event, field.text)
      if (unknown) throw badRequest('INVALID_SUBSCRIPTION_TEMPLATE', `「${name}」没有变量 {${unknown}}`)
    }
    const unknownInPage = unknownVariable(event, template.page)
    if (unknownInPage) throw badRequest('INVALID_SUBSCRIPTION_TEMPLATE', `「${name}」的页面路径没有变量 {${unknownInPage}}`)
  }
}

/** The message's keyword values and page, with the event's values put in. */
const render = (template: SubscriptionTemplate, values: Record<string, string>) => ({
  data: Object.fromEntries(template.fields.map(({ keyword, text }) => [keyword, renderKeywordValue(keyword, text, values)])),
  page: template.page ? template.page.replace(/\{(\w+)\}/g, (_whole, name: string) => encodeURIComponent(values[name] ?? '')) : null,
})

/** Keywords from a template's content: `商品名称:{{thing1.DATA}}` per line. */
function keywordsOf(content: string): WechatTemplate['keywords'] {
  return [...content.matchAll(/([^\n{}:：]*)[:：]?\s*\{\{(\w+)\.DATA\}\}/g)].map(([, label, keyword]) => ({
    keyword: keyword as string,
    label: (label ?? '').trim(),
  }))
}

export function createSubscriptionMessageService({ db, now, log, wechat }: SubscriptionMessageDeps) {
  const rules = async (tx: DbOrTx = db): Promise<SubscriptionSettings> => {
    const row = await first(settingByKey(tx, { key: SETTINGS_KEY }))
    return withDefaults(row?.value as Partial<SubscriptionSettings> | undefined)
  }

  /**
   * Marks the send with WeChat's answer. A 43101 also clears what the server believed the customer held; any other
   * failure gives the subscription back, as WeChat spends one only on a message it delivers.
   */
  const record = async (row: SendRow, answer: { status: SendRow['status']; errcode?: number; error?: string }): Promise<SendRow> => {
    const at = now()
    return db.transaction(async (tx) => {
      const holder = and(eq(subscriptionGrants.customerId, row.customerId), eq(subscriptionGrants.templateId, row.templateId))
      if (answer.status === 'not_subscribed') await tx.update(subscriptionGrants).set({ remaining: 0, updatedAt: at }).where(holder)
      if (answer.status === 'failed') {
        await tx.update(subscriptionGrants).set({ remaining: sql`${subscriptionGrants.remaining} + 1`, updatedAt: at }).where(holder)
      }
      const [updated] = await tx
        .update(subscriptionSends)
        .set({ status: answer.status, errcode: answer.errcode ?? null, error: answer.error ?? null, sentAt: answer.status === 'sent' ? at : null })
        .where(eq(subscriptionSends.id, row.id))
        .returning()
      return updated as SendRow
    })
  }

  /** Spends one of the customer's subscriptions on the notice and logs it, or answers null (none held, or sent already). */
  const claim = async (notice: SubscriptionNotice, templateId: string, page: string | null, data: Record<string, string>) => {
    const at = now()
    return db.transaction(async (tx) => {
      const holder = and(eq(subscriptionGrants.customerId, notice.customerId), eq(subscriptionGrants.templateId, templateId))
      const spent = await tx
        .update(subscriptionGrants)
        .set({ remaining: sql`${subscriptionGrants.remaining} - 1`, updatedAt: at })
        .where(and(holder, gt(subscriptionGrants.remaining, 0)))
      if (rowsChanged(spent) === 0) return null
      const row = await first(
        tx
          .insert(subscriptionSends)
          .values({ customerId: notice.customerId, event: notice.event, eventKey: notice.key, templateId, page, data, status: 'pending', takenAt: at, createdAt: at })
          .onConflictDoNothing()
          .returning(),
      )
      // Sent already (a retried job, another server): the subscription stays for the next event.
      if (!row) await tx.update(subscriptionGrants).set({ remaining: sql`${subscriptionGrants.remaining} + 1` }).where(holder)
      return row ?? null
    })
  }

  /** Sends a logged, pending message to WeChat and records its answer. */
  const transmit = async (row: SendRow, openid: string, config: SubscriptionSettings): Promise<SendRow> => {
    try {
      await wechat.sendSubscribeMessage({
        touser: openid,
        template_id: row.templateId,
        ...(row.page ? { page: row.page } : {}),
        miniprogram_state: config.miniprogramState,
        lang: 'zh_CN',
        data: Object.fromEntries(Object.entries(row.data).map(([keyword, value]) => [keyword, { value }])),
      })
      return await record(row, { status: 'sent' })
    } catch (error) {
      // Not subscribed is an answer, not a failure: it is never retried.
      if (error instanceof TencentApiError && error.errcode === NOT_SUBSCRIBED) {
        return record(row, { status: 'not_subscribed', errcode: error.errcode, error: error.errmsg })
      }
      log.warn({ err: error, event: row.event, key: row.eventKey }, 'subscription message failed')
      const errcode = error instanceof TencentApiError ? error.errcode : undefined
      return record(row, { status: 'failed', errcode, error: error instanceof Error ? error.message.slice(0, 500) : String(error) })
    }
  }

  /**
   * Takes the oldest queued send and spends one of the customer's subscriptions on it. A send out of date, or whose
   * customer holds no subscription any more (spent on another message meanwhile), is dropped: `row` null; a later
   * run may queue it again. Undefined once none is queued.
   */
  const takeQueued = (): Promise<{ row: SendRow | null; openid: string | null } | undefined> =>
    db.transaction(async (tx) => {
      const queued = await first(skipLocked(tx.select().from(subscriptionSends).where(eq(subscriptionSends.status, 'queued')).orderBy(asc(subscriptionSends.id)).limit(1)))
      if (!queued) return undefined
      const at = now()
      const drop = async () => {
        await tx.delete(subscriptionSends).where(eq(subscriptionSends.id, queued.id))
        return { row: null, openid: null }
      }
      if (at.getTime() - queued.createdAt.getTime() > QUEUED_FOR_AT_MOST_MS) return drop()
      const holder = and(eq(subscriptionGrants.customerId, queued.customerId), eq(subscriptionGrants.templateId, queued.templateId))
      const spent = await tx
        .update(subscriptionGrants)
        .set({ remaining: sql`${subscriptionGrants.remaining} - 1`, updatedAt: at })
        .where(and(holder, gt(subscriptionGrants.remaining, 0)))
      if (rowsChanged(spent) === 0) return drop()
      await tx.update(subscriptionSends).set({ status: 'pending', takenAt: at }).where(eq(subscriptionSends.id, queued.id))
      const customer = await first(tx.select({ openid: customers.openid }).from(customers).where(eq(customers.id, queued.customerId)))
      return { row: { ...queued, status: 'pending' as const }, openid: customer?.openid ?? null }
    })

  // Event notices go one after another, and the queued sends one after another beside them, so a daily reminder
  // to many customers does not storm WeChat.
  let notices: Promise<void> = Promise.resolve()
  let sendingQueued: Promise<void> | undefined
  /** Set when sends were queued (or looked for) while the loop ran: it looks once more before it stops. */
  let queuedMeanwhile = false
  let stopping = false

  const sendQueuedInTurn = async (): Promise<void> => {
    for (;;) {
      queuedMeanwhile = false
      const taken = stopping ? undefined : await takeQueued()
      if (taken?.row) {
        const config = await rules()
        if (taken.openid) await transmit(taken.row, taken.openid, config)
        else await record(taken.row, { status: 'failed', error: '顾客没有小程序 openid' })
      } else if (!taken && (stopping || !queuedMeanwhile)) {
        sendingQueued = undefined
        return
      }
    }
  }

  const service = {
    rules,

    async updateRules(value: SubscriptionSettings): Promise<SubscriptionSettings> {
      checkSettings(value)
      const at = now()
      await db.transaction((tx) =>
        tx.insert(settings).values({ key: SETTINGS_KEY, value, updatedAt: at }).onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: at } }),
      )
      return value
    },

    /** The template ids to ask for at a moment of the mini-program, those the brand has configured. */
    async templatesFor(moment: SubscriptionMoment): Promise<string[]> {
      const { templates } = await rules()
      return [...new Set(SUBSCRIPTION_MOMENTS[moment].map((event) => templates[event].templateId).filter(Boolean))]
    },

    /** What wx.requestSubscribeMessage answered: each accepted template of the brand's allows one more send. */
    async recordResults(customerId: number, results: Record<string, string>): Promise<SubscriptionGrants> {
      const { templates } = await rules()
      const accepted = new Set(Object.entries(results).filter(([, result]) => result === 'accept').map(([templateId]) => templateId))
      const events = SUBSCRIPTION_EVENTS.filter((event) => accepted.has(templates[event].templateId))
      const templateIds = [...new Set(events.map((event) => templates[event].templateId))]
      if (templateIds.length === 0) return { grants: [] }
      const at = now()
      const rows = await db.transaction(async (tx) => {
        for (const templateId of templateIds) {
          await tx
            .insert(subscriptionGrants)
            .values({ customerId, templateId, remaining: 1, updatedAt: at })
            .onConflictDoUpdate({
              target: [subscriptionGrants.customerId, subscriptionGrants.templateId],
              set: { remaining: sql`${subscriptionGrants.remaining} + 1`, updatedAt: at },
            })
        }
        return tx
          .select()
          .from(subscriptionGrants)
          .where(and(eq(subscriptionGrants.customerId, customerId), inArray(subscriptionGrants.templateId, templateIds)))
      })
      const remaining = new Map(rows.map((row) => [row.templateId, row.remaining]))
      return { grants: events.map((event) => ({ event, templateId: templates[event].templateId, remaining: remaining.get(templates[event].templateId) ?? 0 })) }
    },

    /**
     * Called inside the event's unit of work: the message goes once it has committed, never if it rolls back.
     */
    notify(notice: SubscriptionNotice): void {
      afterCommit(() => {
        notices = notices.then(() =>
          service.deliver(notice).then(
            () => undefined,
            (error: unknown) => log.warn({ err: error, event: notice.event, key: notice.key }, 'subscription message not sent'),
          ),
        )
      })
    },

    /**
     * Writes a daily run's notices of an event out as queued sends, in the caller's unit of work, rendered with the
     * event's template as it is now; a notice whose key was sent or queued before is left out. They are sent in turn
     * once the unit has committed. Answers how many were queued.
     */
    async queue(tx: Tx, event: SubscriptionEvent, queued: QueuedNotice[], at: Date): Promise<number> {
      const template = (await rules(tx)).templates[event]
      if (queued.length === 0 || !template.templateId || template.fields.length === 0) return 0
      const rows = queued.map(({ customerId, key, values }) => {
        const { data, page } = render(template, values)
        return [customerId, key, page, JSON.stringify(data)]
      })
      // `where true`: SQLite reads an `on conflict` after a bare select's `from` as a join's.
      const inserted = await selectRows<{ id: number }>(
        tx,
        sql`insert into subscription_sends (customer_id, event, event_key, template_id, page, data, status, created_at)
          select customer_id, cast(${event} as text), event_key, cast(${template.templateId} as text), page, data, 'queued', cast(${at.getTime()} as bigint)
          from (${selectBoundRows(QUEUED_COLUMNS, rows)}) as bound where true
          on conflict do nothing
          returning id`,
      )
      if (inserted.length > 0) afterCommit(() => service.sendQueued())
      return inserted.length
    },

    /** Sends the queued messages in turn, from this server; started again while it runs, it looks once more at the end. */
    sendQueued(): void {
      queuedMeanwhile = true
      if (stopping || sendingQueued) return
      sendingQueued = sendQueuedInTurn().catch((error: unknown) => {
        sendingQueued = undefined
        log.warn({ err: error }, 'queued subscription messages stopped; the next look carries on')
      })
    },

    /**
     * Marks as unanswered the sends still waiting for WeChat's answer long after they went: their server stopped
     * in between. The subscription stays spent, as WeChat may have delivered the message; sending it again could
     * deliver it twice.
     */
    async giveUpUnanswered(): Promise<number> {
      const before = new Date(now().getTime() - ANSWERED_WITHIN_MS)
      const given = await db.transaction((tx) =>
        tx
          .update(subscriptionSends)
          .set({ status: 'unanswered', error: '发送时服务中断，未收到微信的答复，无法确认是否送达' })
          // The status as a constant: the index of pending sends holds just those.
          .where(and(sql`${subscriptionSends.status} = 'pending'`, lt(subscriptionSends.takenAt, before))),
      )
      return rowsChanged(given)
    },

    /** Resolves once every message handed over so far has gone (or failed), and no queued send is left to this server. */
    idle: async (): Promise<void> => {
      await Promise.all([notices, sendingQueued])
    },

    /** Stops taking queued sends: another server, or this one's next start, sends the rest. */
    stop(): void {
      stopping = true
    },

    /** Sends the notice when the event is configured and the customer holds a subscription; the log row, or null. */
    async deliver(notice: SubscriptionNotice): Promise<SendRow | null> {
      const config = await rules()
      const template = config.templates[notice.event]
      if (!template.templateId || template.fields.length === 0) return null
      const recipient = await first(recipientOf(db, { customerId: notice.customerId, templateId: template.templateId }))
      if (!recipient?.openid || !recipient.remaining || recipient.remaining <= 0) return null
      const { data, page } = render(template, await notice.values())
      const row = await claim(notice, template.templateId, page, data)
      return row && transmit(row, recipient.openid, config)
    },

    /** The send log, newest first. */
    async sends(query: SubscriptionSendsQuery) {
      const limit = query.limit ?? 20
      const rows = await db
        .select({ send: subscriptionSends, name: customers.name })
        .from(subscriptionSends)
        .leftJoin(customers, eq(customers.id, subscriptionSends.customerId))
        .where(
          and(
            query.event ? eq(subscriptionSends.event, query.event) : undefined,
            query.status ? eq(subscriptionSends.status, query.status) : undefined,
            query.customerId ? eq(subscriptionSends.customerId, query.customerId) : undefined,
            cursorBefore(subscriptionSends.id, query.cursor),
          ),
        )
        .orderBy(desc(subscriptionSends.id))
        .limit(limit + 1)
      return pageOf(rows, limit, ({ send, name }): SubscriptionSend => ({
        id: send.id,
        customerId: send.customerId,
        customerName: name,
        event: send.event,
        templateId: send.templateId,
        page: send.page,
        data: send.data,
        status: send.status,
        errcode: send.errcode,
        error: send.error,
        createdAt: send.createdAt.toISOString(),
        sentAt: send.sentAt?.toISOString() ?? null,
      }))
    },

    /** The brand's templates as WeChat lists them, with their keywords, for mapping fields in the console. */
    async wechatTemplates(): Promise<WechatTemplate[]> {
      return (await wechat.subscribeTemplates()).map((entry) => ({ templateId: entry.priTmplId, title: entry.title, keywords: keywordsOf(entry.content) }))
    },
  }
  return service
}

export type SubscriptionMessageService = ReturnType<typeof createSubscriptionMessageService>

