import { createHash } from 'node:crypto'
import fp from 'fastify-plugin'
import type { Gender } from '@liuliang/shared'
import { TencentApiError } from '../clients/tencent-client'
import type { ExternalContact, WecomClient } from '../clients/wecom-client'
import type { CustomerService, WecomContactProfile } from '../customers/customer-service'
import { rowsChanged, type Tx } from '../db'
import { wecomCallbackEvents } from '../db/schema'
import type { LiveCodeService } from '../live-codes/live-code-service'
import { serviceDeps, type ServiceDeps } from '../services'
import { timestampStanding } from '../signed-timestamp'
import type { StaffService } from '../staff/staff-service'
import { recordTimelineEvent } from '../timeline/record'
import { badRequest, unauthorized } from '../errors'
import { applyCustomerTags, type TagService } from '../tags/tag-service'
import { fillWelcome, WELCOME_CODE_LIFETIME_MS, type WelcomeService } from '../welcome-messages/welcome-service'
import {
  CallbackFormatError,
  CallbackSignatureError,
  openCallback,
  openEchostr,
  type CallbackKeys,
  type SignedQuery,
} from './callback-envelope'

const GENDER_BY_CODE: Record<number, Gender> = { 1: 'male', 2: 'female' }

/** externalcontact/get's answers for a contact we cannot see: 40096 invalid external userid, 84061 not a contact of ours. */
const UNFETCHABLE_CONTACT_ERRCODES = new Set([40096, 84061])

/** WeCom waits 5 s for the answer; follow-up calls get what is left of 4 s, the rest finishes after. */
const REPLY_BUDGET_MS = 4000

type Fields = Record<string, string>

function profileOf(contact: ExternalContact): WecomContactProfile {
  return {
    externalUserId: contact.external_userid,
    unionid: contact.unionid || null,
    name: contact.name,
    avatarUrl: contact.avatar || null,
    gender: GENDER_BY_CODE[contact.gender] ?? 'unknown',
    corpName: contact.corp_name || null,
  }
}

/**
 * What a domain's handler for a family of events gets: the event, its time, and `applyOnce`, which runs
 * its change in the unit of work that records the event as handled (retries and replays change nothing).
 */
export interface CallbackEvent {
  xml: string
  fields: Fields
  at: Date
  applyOnce: <T>(apply: (tx: Tx) => Promise<T>) => Promise<T | undefined>
}
export type CallbackEventHandler = (event: CallbackEvent) => Promise<void>

/** How customer inheritance hears of WeCom's transfers (see inheritance/inheritance-service.ts). */
export interface TransferEvents {
  /** del_external_contact with Source=DELETE_BY_TRANSFER: the customer went to another guide; not churn. */
  handedAway(tx: Tx, change: { customerId: number; staffId: number; at: Date }): Promise<void>
  /** transfer_fail: the customer refused, or the takeover guide (UserID) is full. */
  transferFailed(tx: Tx, change: { customerId: number; takeoverStaffId: number; reason: string; at: Date }): Promise<void>
}

/** What another domain hears of a customer's adds and deletions of guides, in the event's unit of work (task fission). */
export interface ContactListener {
  /** add_external_contact recorded: the follow is started, `readded` when this guide had followed the customer before. */
  added?(tx: Tx, add: { customerId: number; staffId: number; state: string | null; readded: boolean; at: Date }): Promise<void>
  /** del_follow_user recorded: the customer deleted the guide. */
  lost?(tx: Tx, loss: { customerId: number; staffId: number; at: Date }): Promise<void>
  /** del_follow_user or del_external_contact recorded: the follow ended, by either side (not by a transfer). */
  ended?(tx: Tx, end: { customerId: number; staffId: number; at: Date }): Promise<void>
}

/** del_external_contact's Source when a transfer, not the guide, ended the relation. */
const DELETE_BY_TRANSFER = 'DELETE_BY_TRANSFER'

export interface CallbackServiceOptions {
  keys: CallbackKeys
  timeZone: string
}

export interface CallbackServiceDeps extends ServiceDeps, CallbackServiceOptions {
  customers: CustomerService
  staff: StaffService
  wecom: WecomClient
  tags: TagService
  liveCodes: LiveCodeService
  welcomeMessages: WelcomeService
}

export function createWecomCallbackService({
  db,
  now,
  log,
  keys,
  timeZone,
  customers,
  staff,
  wecom,
  tags,
  liveCodes,
  welcomeMessages,
}: CallbackServiceDeps) {
  const noticeTime = new Intl.DateTimeFormat('zh-CN', {
    timeZone,
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })

  /**
   * Signature and format failures become 401 and 400; nothing else about them is revealed. A signed
   * message sent more than a few minutes from now is refused too: a replay of an old one verifies.
   */
  function open<T>(query: SignedQuery, unseal: () => T): T {
    let opened: T
    try {
      opened = unseal()
    } catch (error) {
      if (error instanceof CallbackSignatureError) throw unauthorized('INVALID_SIGNATURE', '回调签名校验失败')
      if (error instanceof CallbackFormatError) throw badRequest('MALFORMED_CALLBACK', `回调内容格式不正确：${error.message}`)
      throw error
    }
    const standing = timestampStanding(query.timestamp, now())
    if (standing === 'malformed') throw badRequest('MALFORMED_CALLBACK', '回调内容格式不正确：timestamp 不是时间戳')
    if (standing === 'stale') throw unauthorized('STALE_CALLBACK', '回调时间戳已过期，请勿重放旧回调')
    return opened
  }

  const eventTime = (fields: Fields) => {
    const seconds = Number(fields.CreateTime)
    return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : now()
  }

  function requireFields(fields: Fields, names: string[]): void {
    const missing = names.filter((name) => !fields[name])
    if (missing.length > 0) throw badRequest('MALFORMED_CALLBACK', `回调缺少字段：${missing.join(', ')}`)
  }

  /**
   * Runs `apply` in the same unit of work that records the event as handled, so WeCom's retries and
   * replays change nothing twice, and a failed apply leaves the event free to be retried. Answers
   * what `apply` returned, or undefined when the event had been handled already. Inside `within`
   * when given (a savepoint of the caller's unit of work).
   */
  async function applyOnce<T>(xml: string, fields: Fields, apply: (tx: Tx) => Promise<T>, within?: Tx): Promise<T | undefined> {
    const dedupeKey = createHash('sha256').update(xml).digest('hex')
    const once = async (tx: Tx): Promise<T | undefined> => {
      const fresh = await tx
        .insert(wecomCallbackEvents)
        .values({ dedupeKey, event: fields.Event ?? '', changeType: fields.ChangeType ?? null })
        .onConflictDoNothing()
      return rowsChanged(fresh) === 0 ? undefined : apply(tx)
    }
    return within ? within.transaction(once) : db.transaction(once)
  }

  /**
   * Calls to WeCom that follow a recorded event (the welcome, marking tags, the live code's next
   * guide, a notice) run once the event's unit of work has committed, while the callback waits, within
   * the time WeCom gives us to answer; slower ones finish after the answer. Each logs its own failure:
   * the event is recorded, and a retry of it would change nothing.
   */
  async function followUp(startedAt: number, tasks: Record<string, Promise<unknown> | undefined>): Promise<void> {
    const settled = Promise.all(
      Object.entries(tasks).map(([task, running]) =>
        running?.catch((error: unknown) => log.warn({ err: error, task }, 'callback follow-up failed')),
      ),
    )
    let timer: NodeJS.Timeout | undefined
    // Elapsed real time against WeCom's reply deadline, not business time.
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, Math.max(0, startedAt + REPLY_BUDGET_MS - Date.now()))
    })
    await Promise.race([settled, late])
    clearTimeout(timer)
  }

  /**
   * externalcontact/get, or undefined when WeCom answers that the contact is not ours to see (an
   * invalid id, or no follow by any member): retrying cannot change that. Other failures propagate.
   */
  async function fetchContact(externalUserId: string) {
    try {
      return await wecom.getExternalContact(externalUserId)
    } catch (error) {
      if (error instanceof TencentApiError && UNFETCHABLE_CONTACT_ERRCODES.has(error.errcode)) return undefined
      throw error
    }
  }

  /**
   * add_external_contact: the customer and the follow from externalcontact/get; through a live code
   * (State) the add counts for its guide and stats and gets the code's tags; the welcome of the most
   * specific scope goes out with the WelcomeCode. The customer's tags are marked on the new follow
   * so WeCom shows what we hold.
   */
  async function contactAdded(xml: string, fields: Fields, startedAt: number): Promise<void> {
    requireFields(fields, ['UserID', 'ExternalUserID'])
    const userId = fields.UserID as string
    const externalUserId = fields.ExternalUserID as string
    // The event names only ids; the profile and this follow's channel come from externalcontact/get.
    const details = await fetchContact(externalUserId)
    const follow = details?.follow_user.find((f) => f.userid === userId)
    if (!details || !follow) {
      // Nothing true to record: no contact to link, or no follow by this member. The event is marked
      // handled, so WeCom stops retrying what no retry can change.
      const reason = details ? 'the member named is not among the contact’s followers' : 'WeCom cannot fetch the contact'
      log.warn({ externalUserId, userId }, `add_external_contact ignored: ${reason}`)
      await applyOnce(xml, fields, async () => undefined)
      return
    }
    const member = await staff.ensureStaff(userId)
    const contact = details.external_contact
    const at = follow.createtime ? new Date(follow.createtime * 1000) : eventTime(fields)
    const state = fields.State || follow.state || null
    const code = state ? await liveCodes.findByState(state) : undefined
    const codeTags = code ? await liveCodes.tagsOf(code.id) : []
    const welcomeCode = fields.WelcomeCode
    const message = welcomeCode
      ? await welcomeMessages.choose({ liveCodeId: code?.id ?? null, staffId: member.id, staffUserId: userId, at: now() })
      : undefined
    const outcome = await applyOnce(xml, fields, async (tx) => {
      const customer = await customers.linkWecomContact(tx, profileOf(contact), at)
      const { readded } = await customers.startFollow(tx, {
        customerId: customer.id,
        staffId: member.id,
        addWay: follow.add_way ?? 0,
        state,
        at,
      })
      const channel = code ? { liveCodeId: code.id, channel: code.name } : {}
      await recordTimelineEvent(tx, {
        customerId: customer.id,
        type: 'wecom_added',
        staffId: member.id,
        occurredAt: at,
        data: { state, addWay: follow.add_way ?? 0, readded, ...channel },
      })
      if (code) await liveCodes.recordAdd(tx, { liveCodeId: code.id, customerId: customer.id, staffId: member.id, at })
      for (const listener of contactListeners) {
        await listener.added?.(tx, { customerId: customer.id, staffId: member.id, state, readded, at })
      }
      const { removed } = await applyCustomerTags(tx, {
        customerId: customer.id,
        add: codeTags,
        remove: [],
        staffId: member.id,
        source: 'live_code',
        occurredAt: at,
        data: channel,
      })
      const welcome =
        message && welcomeCode
          ? await welcomeMessages.prepare(tx, {
              customerId: customer.id,
              staffId: member.id,
              welcomeMessageId: message.id,
              welcomeCode,
              content: fillWelcome(message, { customerName: contact.name, staffName: member.name }),
            })
          : undefined
      return { customerId: customer.id, removed, welcome }
    })
    // The unit of work has committed: the calls to WeCom follow it.
    if (!outcome) return
    const markTags = async () =>
      tags.markInWecom(
        outcome.customerId,
        { staffUserId: userId, externalUserId },
        await tags.customerTagRows(outcome.customerId),
        outcome.removed,
      )
    await followUp(startedAt, {
      welcome: outcome.welcome && welcomeMessages.deliver(outcome.welcome, startedAt + WELCOME_CODE_LIFETIME_MS),
      tags: markTags(),
      allocation: code && liveCodes.rebalance(code.id),
    })
  }

  /** edit_external_contact: a guide changed the profile or the customer's tags in WeCom's client. */
  async function contactEdited(xml: string, fields: Fields, startedAt: number): Promise<void> {
    requireFields(fields, ['ExternalUserID'])
    const known = await customers.findByExternalUserId(fields.ExternalUserID as string)
    if (!known) return
    const externalUserId = known.externalUserId as string
    const details = await fetchContact(externalUserId)
    if (!details) {
      log.warn({ externalUserId }, 'edit_external_contact ignored: WeCom cannot fetch the contact')
      return
    }
    const editor = fields.UserID ? await staff.findByUserId(fields.UserID) : undefined
    const plan = await tags.planFromWecom(known.id, details.follow_user)
    const at = eventTime(fields)
    // The event only says "re-read me": what WeCom holds now is applied even when the event looks
    // like one already handled, since two edits within a second arrive as identical messages.
    await db.transaction(async (tx) => {
      await applyOnce(
        xml,
        fields,
        async (once) => {
          await customers.linkWecomContact(once, profileOf(details.external_contact), at)
          await recordTimelineEvent(once, { customerId: known.id, type: 'wecom_profile_updated', occurredAt: at })
        },
        tx,
      )
      await applyCustomerTags(tx, {
        customerId: known.id,
        add: plan.add,
        remove: plan.remove,
        staffId: editor?.id ?? null,
        source: 'wecom',
        occurredAt: at,
      })
    })
    const unmarks = [...plan.unmarkByFollower].map(
      ([staffUserId, rows]) => [`unmark ${staffUserId}`, tags.markOnFollow({ staffUserId, externalUserId }, [], rows)] as const,
    )
    await followUp(startedAt, Object.fromEntries(unmarks))
  }

  /**
   * del_follow_user: the customer deleted the guide (churn), and the guide hears of it;
   * del_external_contact: the guide deleted them, kept apart for admins.
   */
  async function followEnded(xml: string, fields: Fields, status: 'lost' | 'removed', startedAt: number): Promise<void> {
    requireFields(fields, ['UserID', 'ExternalUserID'])
    const customer = await customers.findByExternalUserId(fields.ExternalUserID as string)
    const member = await staff.findByUserId(fields.UserID as string)
    if (!customer || !member) return
    const at = eventTime(fields)
    if (status === 'removed' && fields.Source === DELETE_BY_TRANSFER && transferEvents) {
      const handedAway = transferEvents.handedAway
      await applyOnce(xml, fields, (tx) => handedAway(tx, { customerId: customer.id, staffId: member.id, at }))
      return
    }
    const ended = await applyOnce(xml, fields, async (tx) => {
      if (!(await customers.endFollow(tx, { customerId: customer.id, staffId: member.id, status, at }))) return false
      await recordTimelineEvent(tx, {
        customerId: customer.id,
        type: status === 'lost' ? 'wecom_lost' : 'wecom_removed',
        staffId: member.id,
        occurredAt: at,
        data: fields.Source ? { source: fields.Source } : undefined,
      })
      for (const listener of contactListeners) {
        await listener.ended?.(tx, { customerId: customer.id, staffId: member.id, at })
        if (status === 'lost') await listener.lost?.(tx, { customerId: customer.id, staffId: member.id, at })
      }
      return true
    })
    if (!ended || status !== 'lost') return
    const notice = `客户「${customer.name ?? '未命名客户'}」已于 ${noticeTime.format(at)} 将你删除，可在客户详情里查看 TA 的记录。`
    await followUp(startedAt, { notice: wecom.sendAppText([member.userId], notice) })
  }

  /** transfer_fail: UserID is the takeover guide; which transfer failed is the one waiting between them. */
  async function transferFailed(xml: string, fields: Fields): Promise<void> {
    requireFields(fields, ['UserID', 'ExternalUserID'])
    const customer = await customers.findByExternalUserId(fields.ExternalUserID as string)
    const takeover = await staff.findByUserId(fields.UserID as string)
    if (!customer || !takeover || !transferEvents) return
    const { transferFailed: failed } = transferEvents
    const change = { customerId: customer.id, takeoverStaffId: takeover.id, reason: fields.FailReason ?? '', at: eventTime(fields) }
    await applyOnce(xml, fields, (tx) => failed(tx, change))
  }

  let transferEvents: TransferEvents | undefined

  /** change_external_tag: an admin edited corp tags in the WeCom console. */
  async function corpTagChanged(xml: string, fields: Fields): Promise<void> {
    requireFields(fields, ['ChangeType'])
    // Reordering (shuffle) is not mirrored.
    if (fields.ChangeType === 'shuffle') return
    requireFields(fields, ['Id'])
    const change = { changeType: fields.ChangeType as string, id: fields.Id as string, tagType: fields.TagType || 'tag' }
    const current = await tags.readCorpTagChange(change)
    await applyOnce(xml, fields, (tx) => tags.mirrorCorpTagChange(tx, change, current))
  }

  const contactListeners: ContactListener[] = []

  /** Event families other domains handle, registered from their own plugins (change_external_chat: customer groups). */
  const handlers = new Map<string, CallbackEventHandler>()

  return {
    verifyUrl: (query: SignedQuery & { echostr: string }) => open(query, () => openEchostr(keys, query)),

    /** Customer inheritance registers here; until it does, a transfer's deletion counts as the guide's. */
    onTransfer(events: TransferEvents): void {
      transferEvents = events
    },

    listenToContacts(listener: ContactListener): void {
      contactListeners.push(listener)
    },

    registerHandler(event: string, handler: CallbackEventHandler): void {
      if (handlers.has(event)) throw new Error(`a handler for ${event} callbacks is already registered`)
      handlers.set(event, handler)
    },

    async receive(query: SignedQuery, body: string): Promise<void> {
      // Real time, for WeCom's reply budget and the WelcomeCode's lifetime: latency, not business time.
      const startedAt = Date.now()
      const { xml, fields } = open(query, () => openCallback(keys, query, body))
      if (fields.Event === 'change_external_tag') return corpTagChanged(xml, fields)
      const handler = handlers.get(fields.Event ?? '')
      if (handler) return handler({ xml, fields, at: eventTime(fields), applyOnce: (apply) => applyOnce(xml, fields, apply) })
      if (fields.Event !== 'change_external_contact') return
      switch (fields.ChangeType) {
        case 'add_external_contact':
        case 'add_half_external_contact':
          return contactAdded(xml, fields, startedAt)
        case 'edit_external_contact':
          return contactEdited(xml, fields, startedAt)
        case 'del_follow_user':
          return followEnded(xml, fields, 'lost', startedAt)
        case 'del_external_contact':
          return followEnded(xml, fields, 'removed', startedAt)
        case 'transfer_fail':
          return transferFailed(xml, fields)
        default:
          // Other change types (msg_audit_approved…) arrive with later features.
          return
      }
    },
  }
}

export type WecomCallbackService = ReturnType<typeof createWecomCallbackService>

declare module 'fastify' {
  interface FastifyInstance {
    wecomCallbacks: WecomCallbackService
  }
}

export default fp(
  async (app, options: CallbackServiceOptions) => {
    app.decorate(
      'wecomCallbacks',
      createWecomCallbackService({
        ...serviceDeps(app),
        ...options,
        customers: app.customers,
        staff: app.staff,
        wecom: app.wecom,
        tags: app.tags,
        liveCodes: app.liveCodes,
        welcomeMessages: app.welcomeMessages,
      }),
    )
  },
  {
    name: 'wecom-callbacks',
    dependencies: ['db', 'clock', 'customers', 'staff', 'tencent-clients', 'tags', 'live-codes', 'welcome-messages'],
  },
)
