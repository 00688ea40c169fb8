// External contacts and who follows them (WeCom docs 92114, 92118), and the customer's side of
// the relation the control API plays: adding a member (with its add event) and deleting one.
import type { CallbackSender, DeliveredCallback } from './callbacks'
import type { ContactWays } from './contact-ways'
import type { CorpTags } from './corp-tags'
import type { WelcomeCodes } from './credentials'
import { checkUserId, describePerson, externalUserIdFor } from './directory'
import { entryOf, type ExternalContact, type Follow, type Store } from './state'
import { ApiError, invalidParameter, readString, readStringList, type Json } from './tencent-api'

/** A control-API failure: an HTTP status and our `{error:{code,message}}`. */
export class SandboxError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'SandboxError'
  }
}

export const REMOVED_BY = ['customer', 'staff'] as const
export type RemovedBy = (typeof REMOVED_BY)[number]

export interface AddContactInput {
  who: string
  userId?: string
  name?: string
  state?: string
  /** ISO time the person added the member, to backdate demo data; now when absent. */
  at?: string
}

// add_way values (WeCom doc 92114): a customer who scans a contact way's QR code is a QR scan.
const ADD_WAY_UNKNOWN = 0
const ADD_WAY_QR_SCAN = 1

const nowSeconds = () => Math.floor(Date.now() / 1000)

export function requireDelivered(callback: DeliveredCallback): void {
  if (callback.status === 200) return
  const last = callback.status ?? 'none'
  const message = `the server did not answer the callback with 200 after ${callback.attempts} attempts (last: ${last})`
  throw new SandboxError(502, 'CALLBACK_FAILED', message)
}

export function createContacts(deps: {
  store: Store
  corpId: string
  contactWays: ContactWays
  corpTags: CorpTags
  welcomeCodes: WelcomeCodes
  callbacks: CallbackSender
}) {
  const { store, corpId, contactWays, corpTags, welcomeCodes, callbacks } = deps
  const contacts = store.data.contacts

  function contactOf(externalUserId: string | undefined): ExternalContact {
    const contact = externalUserId ? entryOf(contacts, externalUserId) : undefined
    if (!contact) throw new ApiError(40096, 'invalid external userid')
    return contact
  }

  function followOf(contact: ExternalContact, userid: string): Follow {
    const follow = contact.follow_user.find((candidate) => candidate.userid === userid)
    if (!follow) throw new ApiError(84061, 'not external contact')
    return follow
  }

  /** The member a new customer adds: the one named, or the next of the contact way with this state. */
  function memberFor(input: AddContactInput): string {
    if (input.userId) return input.userId
    if (!input.state) throw new SandboxError(400, 'USER_ID_REQUIRED', 'give userId, or a state of a contact way')
    const assigned = contactWays.assignMember(input.state)
    if (!assigned) throw new SandboxError(400, 'UNKNOWN_STATE', `no contact way has state "${input.state}"`)
    if (!assigned.userId) {
      throw new SandboxError(400, 'NO_MEMBER', `the contact way with state "${input.state}" has no user`)
    }
    return assigned.userId
  }

  function markTag(body: Json): void {
    const userid = checkUserId(readString(body, 'userid'))
    const add = readStringList(body, 'add_tag') ?? []
    const remove = readStringList(body, 'remove_tag') ?? []
    if (add.length + remove.length === 0) throw invalidParameter('add_tag and remove_tag are both empty')
    const follow = followOf(contactOf(readString(body, 'external_userid')), userid)
    for (const id of [...add, ...remove]) if (!corpTags.findTag(id)) throw new ApiError(40068, `invalid tagid: ${id}`)
    follow.tag_ids = [...new Set([...follow.tag_ids.filter((id) => !remove.includes(id)), ...add])]
    store.commit()
  }

  return {
    /** externalcontact/get: the contact and its current followers. */
    describe(externalUserId: string | undefined, avatarUrl: (id: string) => string) {
      const contact = contactOf(externalUserId)
      if (contact.follow_user.length === 0) throw new ApiError(84061, 'not external contact')
      return {
        external_contact: {
          external_userid: contact.external_userid,
          name: contact.name,
          avatar: avatarUrl(contact.external_userid),
          type: 1,
          gender: contact.gender,
          unionid: contact.unionid,
        },
        follow_user: contact.follow_user.map(({ tag_ids, ...follow }) => ({
          ...follow,
          tags: tag_ids.flatMap((id) => {
            const found = corpTags.findTag(id)
            return found ? [{ group_name: found.group.group_name, tag_name: found.tag.name, tag_id: id, type: 1 }] : []
          }),
        })),
        next_cursor: '',
      }
    },

    /** externalcontact/list: WeCom answers 84061 for a member without customers. */
    listFor(userid: string): string[] {
      const ids = Object.values(contacts)
        .filter((contact) => contact.follow_user.some((follow) => follow.userid === userid))
        .map((contact) => contact.external_userid)
      if (ids.length === 0) throw new ApiError(84061, 'not external contact')
      return ids
    },

    markTag,

    /** A member edits the customer's corp tags in WeCom's client, which fires edit_external_contact. */
    async editTags(externalUserId: string, edit: { userId: string; add: string[]; remove: string[] }): Promise<void> {
      const contact = entryOf(contacts, externalUserId)
      if (!contact?.follow_user.some((follow) => follow.userid === edit.userId)) {
        throw new SandboxError(404, 'RELATION_NOT_FOUND', `${edit.userId} does not follow ${externalUserId}`)
      }
      markTag({ userid: edit.userId, external_userid: externalUserId, add_tag: edit.add, remove_tag: edit.remove })
      requireDelivered(
        await callbacks.sendContactChange('edit_external_contact', { UserID: edit.userId, ExternalUserID: externalUserId }),
      )
    },

    /** The person `who` adds a member; the server hears of it through a real add_external_contact event. */
    async add(input: AddContactInput): Promise<{ externalUserId: string; welcomeCode: string }> {
      const userId = memberFor(input)
      const externalUserId = externalUserIdFor(corpId, input.who)
      const person = describePerson(input.who)
      const contact = (contacts[externalUserId] ??= {
        external_userid: externalUserId,
        who: input.who,
        name: person.name,
        gender: person.gender,
        unionid: person.unionid,
        follow_user: [],
      })
      if (contact.follow_user.some((follow) => follow.userid === userId)) {
        throw new SandboxError(409, 'ALREADY_FOLLOWING', `${input.who} has already added ${userId}`)
      }
      if (input.name) contact.name = input.name
      const createtime = input.at ? Math.floor(Date.parse(input.at) / 1000) : nowSeconds()
      contact.follow_user.push({
        userid: userId,
        remark: '',
        description: '',
        createtime,
        tag_ids: [],
        ...(input.state ? { state: input.state } : {}),
        oper_userid: externalUserId,
        add_way: input.state ? ADD_WAY_QR_SCAN : ADD_WAY_UNKNOWN,
      })
      store.commit()
      const welcomeCode = welcomeCodes.issue()
      requireDelivered(
        await callbacks.sendContactChange('add_external_contact', {
          CreateTime: createtime,
          UserID: userId,
          ExternalUserID: externalUserId,
          State: input.state,
          WelcomeCode: welcomeCode,
        }),
      )
      return { externalUserId, welcomeCode }
    },

    /** Ends one relation: by the customer (del_follow_user) or by the member (del_external_contact). */
    /** `at` backdates the event, as the add does, so demo data can have a history. */
    async remove(externalUserId: string, userId: string, by: RemovedBy, at?: string): Promise<void> {
      const contact = entryOf(contacts, externalUserId)
      const index = contact?.follow_user.findIndex((follow) => follow.userid === userId) ?? -1
      if (!contact || index < 0) {
        throw new SandboxError(404, 'RELATION_NOT_FOUND', `${userId} does not follow ${externalUserId}`)
      }
      contact.follow_user.splice(index, 1)
      store.commit()
      requireDelivered(
        await callbacks.sendContactChange(by === 'staff' ? 'del_external_contact' : 'del_follow_user', {
          UserID: userId,
          ExternalUserID: externalUserId,
          ...(at ? { CreateTime: Math.floor(Date.parse(at) / 1000) } : {}),
        }),
      )
    },
  }
}
