// The sandbox's services, built once per instance and handed to each route plugin as an option.
// (Not Fastify decorators: a `declare module 'fastify'` augmentation would leak into the server's types.)
import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify'
import { createCallbackSender } from './callbacks'
import { createContactWays } from './contact-ways'
import { createContacts } from './contacts'
import { createCorpTags } from './corp-tags'
import { Lease, UsedCodes, WelcomeCodes } from './credentials'
import { createGroupChats, type GroupChatOptions } from './group-chats'
import { createGroupMessages, type GroupMessageOptions } from './group-messages'
import { TemporaryMedia } from './temporary-media'
import type { SentMessage } from './messages'
import { RecentList } from './recent-list'
import { openStore } from './state'
import { createTransfers, type TransferOptions } from './transfers'
import { createGroupTransfers } from './group-transfers'
import { createTagConsole } from './tag-console'
import { createPaymentGateway } from './payments'
import { createSubscribeMessages } from './subscribe-messages'
import { createMoments, type MomentOptions } from './moments'
import { createMemberRoster } from './directory'

export interface SandboxOptions {
  wechat: { appId: string; secret: string }
  wecom: { corpId: string; agentId: number; secret: string; callbackToken: string; encodingAesKey: string }
  /**
   * The WeChat Pay merchant: its id, its APIv3 key (which seals resources), and the serial and public key
   * of its API certificate (which its requests are signed with).
   */
  payment: { mchId: string; apiV3Key: string; merchantSerialNo: string; merchantPublicKeyPem: string }
  /** Read at each delivery: tests start the sandbox before they know the server's port. */
  callbackUrl: () => string
  /** JSON file keeping contacts, contact ways and tags across restarts; in memory only when absent. */
  statePath?: string | null
  logger?: FastifyServerOptions['logger']
  /** How long a WelcomeCode stays usable; WeCom's is 20 s. */
  welcomeCodeTtlMs?: number
  /**
   * The clock deliveries are signed by (callback and notification timestamps, which the server checks
   * against its own clock); tests that move the server's clock hand the sandbox the same one.
   */
  now?: () => Date
  /** The public development values in use, warned about at start (a server on the same ones is open to anyone). */
  defaultsInUse?: readonly string[]
  /** Customer group capacities (group-chats.ts). */
  groupChats?: GroupChatOptions
  /** The takeover delay, default capacity and result page size of customer transfers (transfers.ts). */
  transfers?: Partial<TransferOptions>
  /** How long new broadcasts answer 41063 (group-messages.ts). */
  groupMessages?: Partial<GroupMessageOptions>
  /** How many polls a moment task stays 创建中 (moments.ts). */
  moments?: Partial<MomentOptions>
}

const WELCOME_CODE_TTL_MS = 20_000
const TRANSFER_DEFAULTS: TransferOptions = { takeoverDelayMs: 24 * 3600 * 1000, defaultCapacity: 5000, resultPageSize: 1000 }

export type SandboxContext = ReturnType<typeof createSandboxContext>

export function createSandboxContext(options: SandboxOptions, log: FastifyBaseLogger) {
  const { wecom } = options
  const now = options.now ?? (() => new Date())
  const store = openStore(options.statePath ?? null)
  const welcomeCodes = new WelcomeCodes(options.welcomeCodeTtlMs ?? WELCOME_CODE_TTL_MS)
  const callbacks = createCallbackSender({
    keys: { token: wecom.callbackToken, encodingAesKey: wecom.encodingAesKey, corpId: wecom.corpId },
    url: options.callbackUrl,
    now,
    log,
  })
  const contactWays = createContactWays(store)
  const corpTags = createCorpTags(store)
  const messages = new RecentList<SentMessage>()
  const groupChats = createGroupChats({ store, corpId: wecom.corpId, callbacks, now, options: options.groupChats })
  const temporaryMedia = new TemporaryMedia(now)
  const transfers = createTransfers({ store, callbacks, now, log, options: { ...TRANSFER_DEFAULTS, ...options.transfers } })
  return {
    options,
    now,
    tokens: { wechat: new Lease(), wecom: new Lease() },
    tickets: { corp: new Lease(), agent: new Lease() },
    /** The member ids user/list_id lists. */
    roster: createMemberRoster(() => Object.values(store.data.contacts).flatMap((contact) => contact.follow_user.map((follow) => follow.userid))),
    loginCodes: new UsedCodes(),
    oauthCodes: new UsedCodes(),
    welcomeCodes,
    callbacks,
    contactWays,
    corpTags,
    contacts: createContacts({ store, corpId: wecom.corpId, contactWays, corpTags, welcomeCodes, callbacks }),
    tagConsole: createTagConsole({ corpTags, callbacks }),
    groupChats,
    transfers,
    groupTransfers: createGroupTransfers({ store, groupChats, transfers, callbacks, now, log }),
    messages,
    temporaryMedia,
    groupMessages: createGroupMessages({
      store,
      now,
      options: { dispatchSeconds: 1, ...options.groupMessages },
      mediaAlive: (id) => temporaryMedia.alive(id),
    }),
    subscribeMessages: createSubscribeMessages({ now }),
    moments: createMoments({ store, corpTags, now, options: { creatingPolls: 1, ...options.moments } }),
    payments: createPaymentGateway({ appId: options.wechat.appId, mchId: options.payment.mchId, apiV3Key: options.payment.apiV3Key, now, log }),
    /** Records what the server sent through a WeCom API, for GET /sandbox/wecom/messages. */
    logMessage(api: string, body: unknown): void {
      messages.add({ api, body, at: new Date().toISOString() })
    },
  }
}

/** The options every route plugin receives. */
export interface RouteOptions {
  sandbox: SandboxContext
}
