import Fastify, { type FastifyServerOptions } from 'fastify'
import rateLimit from '@fastify/rate-limit'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { defaultsWarning, type Config } from './env'
import { repoRoot } from './paths'
import dbPlugin from './db/plugin'
import { databaseRateLimitStore } from './plugins/rate-limit-store'
import docs from './plugins/docs'
import errorHandler, { answerClientError, answerFrameworkError } from './plugins/error-handler'
import controlCharacters from './plugins/control-characters'
import { buildSerializer } from './plugins/serialization'
import { buildValidator } from './plugins/validation'
import securityHeaders from './plugins/security-headers'
import web, { inlineScriptSources } from './plugins/web'
import tencentClients from './clients/plugin'
import auth from './auth/auth-plugin'
import customers from './customers/customer-service'
import staff from './staff/staff-service'
import departments from './departments/department-service'
import customerScopes from './access/customer-scope'
import tags from './tags/tag-service'
import audiences from './audiences/audience-service'
import dashboard from './dashboard/dashboard-service'
import growth from './dashboard/growth-service'
import tagRules from './tags/tag-rules'
import churn from './customers/churn-service'
import welcomeMessages from './welcome-messages/welcome-service'
import liveCodes from './live-codes/live-code-service'
import admins from './admins/admin-service'
import audit from './audit/audit-service'
import logins from './auth/login-service'
import wecomCallbacks from './wecom/callback-service'
import jssdk from './wecom/jssdk-service'
import followUps from './follow-ups/follow-up-service'
import todos from './todos/todo-service'
import customer360 from './customer-360/customer-360-service'
import scripts from './scripts/script-service'
import clock from './plugins/clock'
import scheduler from './scheduler/plugin'
import settings from './settings/settings-service'
import points from './points/points-service'
import checkins from './checkin/checkin-service'
import coupons from './coupons/coupon-service'
import couponOperations from './coupons/operations-plugin'
import mall from './mall/mall-service'
import loyaltySections from './points/loyalty-sections'
import payments from './payments/payment-service'
import { wechatPayOptions } from './payments/wechatpay-provider'
import orders from './orders/order-service'
import catalog from './shop/catalog-service'
import fileLibrary from './materials/file-library-service'
import imageLibrary from './materials/image-library-service'
import cart from './shop/cart-service'
import checkout from './shop/checkout-service'
import advisor from './shop/advisor-service'
import lottery from './lottery/lottery-service'
import groupbuy from './groupbuy/groupbuy-service'
import distribution from './distribution/distribution-service'
import activitySections from './orders/activity-sections'
import afterSales from './orders/after-sales-service'
import rfm from './rfm/rfm-service'
import inheritance from './inheritance/inheritance-service'
import recommendations from './recommendations/recommendation-service'
import leads from './leads/lead-service'
import customerGroups from './customer-groups/plugin'
import broadcasts from './broadcasts/plugin'
import subscriptionMessages from './subscription-messages/plugin'
import moments from './moments/plugin'
import sops from './sops/plugin'
import fission from './fission/fission-service'
import healthz from './routes/healthz'
import libraryAddressRoutes from './routes/library-files'
import mpRoutes from './routes/mp'
import sidebarRoutes from './routes/sidebar'
import adminRoutes from './routes/admin'
import wecomCallbackRoutes from './routes/wecom/callback'
import paymentNotifyRoutes from './routes/payments/notify'

/** Customer groups are read whole from WeCom this often, catching what callbacks missed. */
const GROUP_SYNC_EVERY_MS = 6 * 3600 * 1000
/** WeCom's departments and who sits in and leads them are read whole this often (and at start). */
const DIRECTORY_SYNC_EVERY_MS = 6 * 3600 * 1000
/** Guides publish, and customers react, with no callback: moments are read this often. */
const MOMENT_SYNC_EVERY_MS = 15 * 60 * 1000
/** SOP steps are planned to the minute (a faster scheduler ticks them as often). */
const SOP_TICK_EVERY_MS = 60 * 1000

/** Broadcasts waiting for staff are read from WeCom this often until every task is final. */
const BROADCAST_SYNC_EVERY_MS = 10 * 60 * 1000
/** …and followed this long after sending; WeCom does not say when an unconfirmed task lapses [UNCONFIRMED]. */
const BROADCAST_FOLLOW_FOR_MS = 30 * 24 * 3600 * 1000

/** Waiting customer transfers are asked about this often until WeCom's answer is final. */
const TRANSFER_POLL_EVERY_MS = 30 * 60 * 1000
/** Queued subscription messages another server left (it stopped mid-way) are looked for as often. */
const QUEUED_MESSAGES_EVERY_MS = 5 * 60 * 1000

export interface BuildAppOptions {
  config: Config
  logger?: FastifyServerOptions['logger']
  /** Serve the built front ends (console, sidebar, mini-program h5) from this checkout. */
  serveWeb?: boolean
  /** The clock every service reads; tests pass their own to cross day and year boundaries. */
  now?: () => Date
  /** How often due scheduled jobs run. */
  schedulerIntervalMs?: number
}

export async function buildApp({
  config,
  logger = false,
  serveWeb = true,
  now = () => new Date(),
  schedulerIntervalMs = 30_000,
}: BuildAppOptions) {
  const app = Fastify({
    logger,
    // Only the entries the configured proxies added to X-Forwarded-For are believed: rate limits key on the
    // client's address, and a client could otherwise name any address it likes. (Fastify refuses a bare
    // hop count, so the count is a function: hop 0 is the peer that connected, the nearest proxy.)
    trustProxy: config.trustProxyHops > 0 ? (_address: string, hop: number) => hop < config.trustProxyHops : false,
    // A start migrates the database first: an index built over a brand's millions of orders takes longer
    // than Fastify's 10 s for a plugin, and a start cut short there serves nothing.
    pluginTimeout: 0,
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    // A field a schema forbids is an error, not something to drop silently (an audience filter
    // losing a field would match far more customers than asked).
    ajv: { customOptions: { removeAdditional: false } },
    // A JSON body is validated as sent; only query strings and path params are coerced from text.
    // Responses are serialized from schemas whose unions need no validation to pick an option.
    schemaController: { compilersFactory: { buildValidator, buildSerializer } },
  }).withTypeProvider<TypeBoxTypeProvider>()
  if (config.defaultsInUse.length > 0) app.log.warn({ defaultsInUse: config.defaultsInUse }, defaultsWarning(config.defaultsInUse))

  // 1. External plugins: clock, database, rate limits, security headers, docs, error shape.
  await app.register(clock, { now })
  await app.register(dbPlugin, { location: config.database })
  await app.register(rateLimit, { global: false, store: databaseRateLimitStore(app.db) })
  await app.register(securityHeaders, {
    production: config.production,
    inlineScripts: serveWeb ? inlineScriptSources(repoRoot) : [],
    // The sandbox serves avatars and QR codes over plain http outside production.
    imageOrigins: config.production ? [] : [...new Set([config.wechat.apiBase, config.wecom.apiBase].map((base) => new URL(base).origin))],
  })
  await app.register(docs, { serveUi: config.serveDocs })
  await app.register(errorHandler)
  await app.register(controlCharacters)
  await app.register(auth, { secret: config.jwtSecret })
  await app.register(tencentClients, { config })

  // 2. Domain services.
  await app.register(departments, { syncEveryMs: schedulerIntervalMs > 0 ? DIRECTORY_SYNC_EVERY_MS : 0 })
  await app.register(customerScopes)
  await app.register(customers)
  await app.register(staff)
  await app.register(tags)
  await app.register(dashboard, { timeZone: config.businessTimeZone })
  await app.register(tagRules)
  await app.register(churn)
  await app.register(imageLibrary)
  await app.register(fileLibrary)
  await app.register(welcomeMessages)
  await app.register(liveCodes, { timeZone: config.businessTimeZone })
  await app.register(admins, { bootstrap: config.admin })
  await app.register(audit, { timeZone: config.businessTimeZone })
  await app.register(logins)
  await app.register(wecomCallbacks, {
    keys: { token: config.wecom.callbackToken, encodingAesKey: config.wecom.encodingAesKey, corpId: config.wecom.corpId },
    timeZone: config.businessTimeZone,
  })
  await app.register(jssdk, { trustedDomains: config.jssdkTrustedDomains })
  await app.register(followUps)
  await app.register(todos)
  // Domains that add sections to the 360 view register after it and call app.customer360.registerSection.
  await app.register(customer360, { phoneSecret: config.jwtSecret })
  await app.register(scripts)
  await app.register(scheduler, { intervalMs: schedulerIntervalMs })
  await app.register(settings)
  await app.register(audiences, { timeZone: config.businessTimeZone })
  await app.register(points, { timeZone: config.businessTimeZone })
  await app.register(checkins, { timeZone: config.businessTimeZone })
  await app.register(coupons, { timeZone: config.businessTimeZone })
  await app.register(mall)
  await app.register(loyaltySections)
  await app.register(payments, {
    wechatPay: wechatPayOptions(config),
    // Read at each request: tests learn the server's port only after it listens.
    notifyUrl: () => config.payment.notifyUrl,
  })
  await app.register(orders)
  await app.register(catalog)
  await app.register(cart)
  await app.register(checkout)
  await app.register(advisor)
  await app.register(afterSales)
  await app.register(lottery, { timeZone: config.businessTimeZone })
  await app.register(groupbuy)
  await app.register(distribution)
  await app.register(activitySections)
  await app.register(rfm, { timeZone: config.businessTimeZone })
  await app.register(growth, { timeZone: config.businessTimeZone })
  await app.register(inheritance, { timeZone: config.businessTimeZone, pollIntervalMs: TRANSFER_POLL_EVERY_MS })
  await app.register(recommendations, { timeZone: config.businessTimeZone, appId: config.wechat.appId })
  await app.register(leads, { timeZone: config.businessTimeZone })
  await app.register(customerGroups, { timeZone: config.businessTimeZone, syncEveryMs: schedulerIntervalMs > 0 ? GROUP_SYNC_EVERY_MS : 0 })
  await app.register(broadcasts, {
    timeZone: config.businessTimeZone,
    syncIntervalMs: BROADCAST_SYNC_EVERY_MS,
    followForMs: BROADCAST_FOLLOW_FOR_MS,
    answerWithinMs: config.broadcastAnswerWithinMs,
  })
  await app.register(subscriptionMessages, { timeZone: config.businessTimeZone, queuedEveryMs: schedulerIntervalMs > 0 ? QUEUED_MESSAGES_EVERY_MS : 0 })
  await app.register(moments, { syncEveryMs: schedulerIntervalMs > 0 ? MOMENT_SYNC_EVERY_MS : 0 })
  await app.register(sops, { timeZone: config.businessTimeZone, tickEveryMs: Math.min(SOP_TICK_EVERY_MS, schedulerIntervalMs) })
  await app.register(fission)
  await app.register(couponOperations, { timeZone: config.businessTimeZone, codeSecret: config.jwtSecret })

  // 3. Routes, one folder per audience.
  await app.register(healthz)
  await app.register(libraryAddressRoutes)
  await app.register(mpRoutes, { prefix: '/api/mp' })
  await app.register(sidebarRoutes, { prefix: '/api/sidebar' })
  await app.register(adminRoutes, { prefix: '/api/admin' })
  await app.register(wecomCallbackRoutes, { prefix: '/wecom' })
  await app.register(paymentNotifyRoutes, { prefix: '/payments' })
  if (serveWeb) await app.register(web, { repoRoot })

  return app
}

export type App = Awaited<ReturnType<typeof buildApp>>
