import { createHash } from 'node:crypto'
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Gender } from '@liuliang/shared'
import type { ExternalContact } from '../clients/wecom-client'
import type { WecomContactProfile } from '../customers/customer-service'
import { wecomCallbackEvents } from '../db/schema'
import { recordTimelineEvent } from '../timeline/record'
import { badRequest, unauthorized } from '../errors'
import {
  CallbackFormatError,
  CallbackSignatureError,
  openCallback,
  openEchostr,
  type CallbackKeys,
  type SignedQuery,
} from './callback-envelope'

const GENDER_BY_CODE: Record<number, Gender> = { 1: 'male', 2: 'female' }

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

export function createWecomCallbackService(app: FastifyInstance, keys: CallbackKeys) {
  const { db, customers, staff, wecom } = app

  /** Signature and format failures become 401 and 400; nothing else about them is revealed. */
  function open<T>(unseal: () => T): T {
    try {
      return unseal()
    } catch (error) {
      if (error instanceof CallbackSignatureError) throw unauthorized('INVALID_SIGNATURE', '回调签名校验失败')
      if (error instanceof CallbackFormatError) throw badRequest('MALFORMED_CALLBACK', `回调内容格式不正确：${error.message}`)
      throw error
    }
  }

  const eventTime = (fields: Fields) => {
    const seconds = Number(fields.CreateTime)
    return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : new Date()
  }

  function requireFields(fields: Fields, names: string[]): void {
    const missing = names.filter((name) => !fields[name])
    if (missing.length > 0) throw badRequest('MALFORMED_CALLBACK', `回调缺少字段：${missing.join(', ')}`)
  }

  /**
   * Runs `apply` in the same transaction that records the event as handled, so WeCom's retries and
   * replays change nothing twice, and a failed apply leaves the event free to be retried.
   */
  function applyOnce(xml: string, fields: Fields, apply: Parameters<typeof db.transaction>[0]): void {
    const dedupeKey = createHash('sha256').update(xml).digest('hex')
    db.transaction((tx) => {
      const fresh = tx
        .insert(wecomCallbackEvents)
        .values({ dedupeKey, event: fields.Event ?? '', changeType: fields.ChangeType ?? null })
        .onConflictDoNothing()
        .run()
      if (fresh.changes === 0) return
      apply(tx)
    })
  }

  async function contactAdded(xml: string, fields: Fields): Promise<void> {
    requireFields(fields, ['UserID', 'ExternalUserID'])
    const userId = fields.UserID as string
    const member = await staff.ensureStaff(userId)
    // The event names only ids; the profile and this follow's channel come from externalcontact/get.
    const details = await wecom.getExternalContact(fields.ExternalUserID as string)
    const contact = details.external_contact
    const follow = details.follow_user.find((f) => f.userid === userId)
    const at = follow?.createtime ? new Date(follow.createtime * 1000) : eventTime(fields)
    applyOnce(xml, fields, (tx) => {
      const customer = customers.linkWecomContact(tx, profileOf(contact), at)
      const state = fields.State || follow?.state || null
      const { readded } = customers.startFollow(tx, {
        customerId: customer.id,
        staffId: member.id,
        addWay: follow?.add_way ?? 0,
        state,
        at,
      })
      recordTimelineEvent(tx, {
        customerId: customer.id,
        type: 'wecom_added',
        staffId: member.id,
        occurredAt: at,
        data: { state, addWay: follow?.add_way ?? 0, readded },
      })
    })
  }

  async function contactEdited(xml: string, fields: Fields): Promise<void> {
    requireFields(fields, ['ExternalUserID'])
    const known = customers.findByExternalUserId(fields.ExternalUserID as string)
    if (!known) return
    const { external_contact: contact } = await wecom.getExternalContact(known.externalUserId as string)
    const at = eventTime(fields)
    applyOnce(xml, fields, (tx) => {
      customers.linkWecomContact(tx, profileOf(contact), at)
      recordTimelineEvent(tx, { customerId: known.id, type: 'wecom_profile_updated', occurredAt: at })
    })
  }

  /** del_follow_user: the customer deleted the guide (churn); del_external_contact: the guide deleted them. */
  async function followEnded(xml: string, fields: Fields, status: 'lost' | 'removed'): Promise<void> {
    requireFields(fields, ['UserID', 'ExternalUserID'])
    const customer = customers.findByExternalUserId(fields.ExternalUserID as string)
    const member = staff.findByUserId(fields.UserID as string)
    if (!customer || !member) return
    const at = eventTime(fields)
    applyOnce(xml, fields, (tx) => {
      if (!customers.endFollow(tx, { customerId: customer.id, staffId: member.id, status, at })) return
      recordTimelineEvent(tx, {
        customerId: customer.id,
        type: status === 'lost' ? 'wecom_lost' : 'wecom_removed',
        staffId: member.id,
        occurredAt: at,
        data: fields.Source ? { source: fields.Source } : undefined,
      })
    })
  }

  return {
    verifyUrl: (query: SignedQuery & { echostr: string }) => open(() => openEchostr(keys, query)),

    async receive(query: SignedQuery, body: string): Promise<void> {
      const { xml, fields } = open(() => openCallback(keys, query, body))
      if (fields.Event !== 'change_external_contact') return
      switch (fields.ChangeType) {
        case 'add_external_contact':
        case 'add_half_external_contact':
          return contactAdded(xml, fields)
        case 'edit_external_contact':
          return contactEdited(xml, fields)
        case 'del_follow_user':
          return followEnded(xml, fields, 'lost')
        case 'del_external_contact':
          return followEnded(xml, fields, 'removed')
        default:
          // Other change types (transfer_fail, msg_audit_approved…) arrive with later features.
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
  async (app, { keys }: { keys: CallbackKeys }) => {
    app.decorate('wecomCallbacks', createWecomCallbackService(app, keys))
  },
  { name: 'wecom-callbacks', dependencies: ['db', 'customers', 'staff', 'tencent-clients'] },
)
