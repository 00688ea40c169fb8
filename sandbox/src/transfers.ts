// Customer inheritance (WeCom docs 92125, 92124, 96331, 96333): on-the-job and resigned transfers, the
// unassigned list, and the automatic takeover 24 hours after a transfer starts, on the sandbox's clock.
// A takeover moves the relation and tells the server as WeCom does: add_external_contact to the takeover
// member (unless they already followed the customer) and del_external_contact with
// Source=DELETE_BY_TRANSFER to the handover member; or transfer_fail when the customer refused or the
// takeover member is full. Members resign through the control API.
import type { FastifyBaseLogger } from 'fastify'
import type { CallbackSender } from './callbacks'
import type { GroupTransferRecord } from './group-transfers'
import { requireDelivered, SandboxError } from './contacts'
import { checkUserId } from './directory'
import { entryOf, type ExternalContact, type Store } from './state'
import { ApiError, invalidParameter, readString, readStringList, type Json } from './tencent-api'

export const TRANSFER_KINDS = ['onjob', 'resigned'] as const
export type TransferKind = (typeof TRANSFER_KINDS)[number]

/** transfer_result's status: 1 done, 2 waiting, 3 refused by the customer, 4 the takeover member is full. */
export type TransferStatus = 1 | 2 | 3 | 4

export interface TransferRecord {
  kind: TransferKind
  handover_userid: string
  takeover_userid: string
  external_userid: string
  status: TransferStatus
  /** Unix seconds: when the transfer started, and when the takeover happens (or happened). */
  requested_at: number
  takeover_time: number
  transfer_success_msg?: string
}

export interface TransferData {
  records: TransferRecord[]
  /** Resigned members and their dimission time (Unix seconds). */
  resigned: Record<string, number>
  /** Customer capacity per member where it differs from the default. */
  capacity: Record<string, number>
  /** Customer groups handed to new owners (group-transfers.ts). */
  groups?: GroupTransferRecord[]
}

export const MAX_CUSTOMERS_PER_CALL = 100
export const MAX_MESSAGE_LENGTH = 200
const DAY_SECONDS = 24 * 3600
/** 90 natural days: an on-the-job customer can be transferred twice within them. */
const REPEAT_WINDOW_SECONDS = 90 * DAY_SECONDS
const REPEATS_IN_WINDOW = 2
/** add_way 202: 管理员/负责人分配, what WeCom shows on an inherited customer. */
const ADD_WAY_ASSIGNED = 202
const UNASSIGNED_PAGE_MAX = 1000

export interface TransferOptions {
  /** How long after a transfer starts the takeover happens; WeCom's is 24 hours. */
  takeoverDelayMs: number
  /** A member's customer capacity unless the control API sets one; WeCom's default is 5000. */
  defaultCapacity: number
  /** Entries per transfer_result page; WeCom's is 1000. */
  resultPageSize: number
}

export type Transfers = ReturnType<typeof createTransfers>

export function createTransfers(deps: {
  store: Store
  callbacks: CallbackSender
  now: () => Date
  log: FastifyBaseLogger
  options: TransferOptions
}) {
  const { store, callbacks, log, options } = deps
  const data = store.data.transfers
  const contacts = store.data.contacts
  const nowSeconds = () => Math.floor(deps.now().getTime() / 1000)
  // Deliveries go out one after another, in the order the takeovers happened.
  let deliveries: Promise<void> = Promise.resolve()

  const isResigned = (userid: string) => entryOf(data.resigned, userid) !== undefined
  const capacityOf = (userid: string) => entryOf(data.capacity, userid) ?? options.defaultCapacity
  const customersOf = (userid: string) =>
    Object.values(contacts).filter((contact) => contact.follow_user.some((follow) => follow.userid === userid)).length
  const follows = (contact: ExternalContact, userid: string) => contact.follow_user.some((follow) => follow.userid === userid)
  const waitingFor = (externalUserId: string) =>
    data.records.find((record) => record.external_userid === externalUserId && record.status === 2)

  function activeMember(userid: string | undefined): string {
    const checked = checkUserId(userid)
    // A resigned member is gone from the directory.
    if (isResigned(checked)) throw new ApiError(60111, `userid not found: ${checked}`)
    return checked
  }

  function customerList(body: Json): string[] {
    const ids = readStringList(body, 'external_userid') ?? []
    if (ids.length === 0) throw invalidParameter('external_userid is empty')
    if (ids.length > MAX_CUSTOMERS_PER_CALL) throw invalidParameter(`external_userid exceeds ${MAX_CUSTOMERS_PER_CALL}`)
    return ids
  }

  /** The per-customer errcode of a transfer request; 0 starts the transfer. */
  function errcodeFor(kind: TransferKind, handover: string, takeover: string, externalUserId: string, at: number): number {
    const contact = entryOf(contacts, externalUserId)
    if (!contact) return 40096
    if (handover === takeover) return 40130
    if (!follows(contact, handover)) return 40131
    if (waitingFor(externalUserId)) return 40129
    if (kind === 'onjob') {
      const recent = data.records.filter(
        (record) =>
          record.kind === 'onjob' &&
          record.external_userid === externalUserId &&
          (record.status === 1 || record.status === 2) &&
          record.requested_at > at - REPEAT_WINDOW_SECONDS,
      )
      if (recent.length >= REPEATS_IN_WINDOW) return 40128
    }
    if (!follows(contact, takeover) && customersOf(takeover) >= capacityOf(takeover)) return 40099
    return 0
  }

  function start(kind: TransferKind, body: Json) {
    const handover = checkUserId(readString(body, 'handover_userid'))
    if (kind === 'onjob' && isResigned(handover)) throw new ApiError(60111, `userid not found: ${handover}`)
    if (kind === 'resigned' && !isResigned(handover)) throw new ApiError(40097, 'handover user is not resigned')
    const takeover = activeMember(readString(body, 'takeover_userid'))
    const ids = customerList(body)
    const message = kind === 'onjob' ? readString(body, 'transfer_success_msg') : undefined
    if (message !== undefined && [...message].length > MAX_MESSAGE_LENGTH) {
      throw invalidParameter(`transfer_success_msg exceeds ${MAX_MESSAGE_LENGTH} characters`)
    }
    const at = nowSeconds()
    const customer = ids.map((externalUserId) => {
      const errcode = errcodeFor(kind, handover, takeover, externalUserId, at)
      if (errcode === 0) {
        data.records.push({
          kind,
          handover_userid: handover,
          takeover_userid: takeover,
          external_userid: externalUserId,
          status: 2,
          requested_at: at,
          takeover_time: at + Math.floor(options.takeoverDelayMs / 1000),
          ...(message ? { transfer_success_msg: message } : {}),
        })
      }
      return { external_userid: externalUserId, errcode }
    })
    store.commit()
    return { customer }
  }

  /** Queues the events of one takeover, or of a failure; answers nothing to wait on here. */
  function announce(send: () => Promise<void>): void {
    deliveries = deliveries.then(send).catch((error: unknown) => log.warn({ err: error }, 'transfer callback not delivered'))
  }

  const transferFail = (record: TransferRecord, reason: 'customer_refused' | 'customer_limit_exceed') =>
    announce(async () =>
      requireDelivered(
        await callbacks.sendContactChange('transfer_fail', {
          CreateTime: nowSeconds(),
          UserID: record.takeover_userid,
          ExternalUserID: record.external_userid,
          FailReason: reason,
        }),
      ),
    )

  /** The takeover of one due transfer: the relation moves, or fails when the takeover member is full. */
  function takeOver(record: TransferRecord): void {
    const contact = entryOf(contacts, record.external_userid)
    const handoverFollow = contact?.follow_user.find((follow) => follow.userid === record.handover_userid)
    if (!contact || !handoverFollow) {
      // The customer left the handover member meanwhile: nothing to take over.
      record.status = 3
      return
    }
    const alreadyFollowing = follows(contact, record.takeover_userid)
    if (!alreadyFollowing && customersOf(record.takeover_userid) >= capacityOf(record.takeover_userid)) {
      record.status = 4
      transferFail(record, 'customer_limit_exceed')
      return
    }
    const at = record.takeover_time
    contact.follow_user = contact.follow_user.filter((follow) => follow.userid !== record.handover_userid)
    if (!alreadyFollowing) {
      // The new relation keeps the remark and tags, not the channel the customer first came through.
      const { state: _channel, ...kept } = handoverFollow
      contact.follow_user.push({
        ...kept,
        userid: record.takeover_userid,
        createtime: at,
        oper_userid: record.handover_userid,
        add_way: ADD_WAY_ASSIGNED,
      })
    }
    record.status = 1
    announce(async () => {
      if (!alreadyFollowing) {
        requireDelivered(
          await callbacks.sendContactChange('add_external_contact', {
            CreateTime: at,
            UserID: record.takeover_userid,
            ExternalUserID: record.external_userid,
          }),
        )
      }
      requireDelivered(
        await callbacks.sendContactChange('del_external_contact', {
          CreateTime: at,
          UserID: record.handover_userid,
          ExternalUserID: record.external_userid,
          Source: 'DELETE_BY_TRANSFER',
        }),
      )
    })
  }

  /**
   * Takes over every waiting transfer that is due by the clock (or every one, with `all`). The state
   * changes at once; the events follow in order, and `delivered` settles once every queued one was sent.
   */
  function settle(all = false): { settled: TransferRecord[]; delivered: Promise<void> } {
    const at = nowSeconds()
    const due = data.records.filter((record) => record.status === 2 && (all || record.takeover_time <= at))
    for (const record of due) {
      if (all && record.takeover_time > at) record.takeover_time = at
      takeOver(record)
    }
    if (due.length > 0) store.commit()
    return { settled: due, delivered: deliveries }
  }

  function results(kind: TransferKind, body: Json) {
    // The result reflects the clock: what is due has been taken over.
    settle()
    const handover = checkUserId(readString(body, 'handover_userid'))
    const takeover = checkUserId(readString(body, 'takeover_userid'))
    const cursor = readString(body, 'cursor')
    const offset = cursor === undefined ? 0 : Number(cursor)
    if (!Number.isInteger(offset) || offset < 0) throw invalidParameter('invalid cursor')
    // The latest transfer of each customer between the two members.
    const latest = new Map<string, TransferRecord>()
    for (const record of data.records) {
      if (record.kind === kind && record.handover_userid === handover && record.takeover_userid === takeover) {
        latest.set(record.external_userid, record)
      }
    }
    const all = [...latest.values()]
    const page = all.slice(offset, offset + options.resultPageSize)
    const next = offset + page.length
    return {
      customer: page.map((record) => ({
        external_userid: record.external_userid,
        status: record.status,
        takeover_time: record.takeover_time,
      })),
      next_cursor: next < all.length ? String(next) : '',
    }
  }

  return {
    isResigned,
    transferOnJob: (body: Json) => start('onjob', body),
    transferResigned: (body: Json) => start('resigned', body),
    onJobResults: (body: Json) => results('onjob', body),
    resignedResults: (body: Json) => results('resigned', body),
    settle,

    /** get_unassigned_list: customers of resigned members not yet handed over, paged by cursor. */
    unassigned(body: Json) {
      const cursor = readString(body, 'cursor')
      const pageSize = typeof body.page_size === 'number' ? body.page_size : UNASSIGNED_PAGE_MAX
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > UNASSIGNED_PAGE_MAX) throw invalidParameter('invalid page_size')
      const offset = cursor === undefined ? 0 : Number(cursor)
      if (!Number.isInteger(offset) || offset < 0) throw invalidParameter('invalid cursor')
      const handedOver = new Set(
        data.records
          .filter((record) => record.kind === 'resigned' && (record.status === 1 || record.status === 2))
          .map((record) => `${record.handover_userid}\n${record.external_userid}`),
      )
      const info = Object.values(contacts).flatMap((contact) =>
        contact.follow_user
          .filter((follow) => isResigned(follow.userid) && !handedOver.has(`${follow.userid}\n${contact.external_userid}`))
          .map((follow) => ({
            handover_userid: follow.userid,
            external_userid: contact.external_userid,
            dimission_time: data.resigned[follow.userid] as number,
          })),
      )
      const page = info.slice(offset, offset + pageSize)
      const next = offset + page.length
      const isLast = next >= info.length
      return { info: page, is_last: isLast, next_cursor: isLast ? '' : String(next) }
    },

    /** A member leaves the corp: their customers wait on the unassigned list. */
    resign(userid: string, at?: string): { dimissionTime: number } {
      if (isResigned(userid)) throw new SandboxError(409, 'ALREADY_RESIGNED', `${userid} has already resigned`)
      const dimissionTime = at ? Math.floor(Date.parse(at) / 1000) : nowSeconds()
      data.resigned[userid] = dimissionTime
      store.commit()
      return { dimissionTime }
    },

    setCapacity(userid: string, capacity: number): void {
      data.capacity[userid] = capacity
      store.commit()
    },

    /** The customer taps 暂不添加: their waiting transfer is refused at once, and the server hears of it. */
    refuse(externalUserId: string): TransferRecord {
      const record = waitingFor(externalUserId)
      if (!record) throw new SandboxError(404, 'NO_WAITING_TRANSFER', `${externalUserId} has no transfer waiting`)
      record.status = 3
      record.takeover_time = nowSeconds()
      store.commit()
      transferFail(record, 'customer_refused')
      return record
    },

    /** Everything queued so far has been delivered (or given up on). */
    delivered: () => deliveries,
    records: () => data.records,
  }
}
