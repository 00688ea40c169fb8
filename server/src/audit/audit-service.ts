import fp from 'fastify-plugin'
import { and, desc, eq, gte, lt, type SQL } from 'drizzle-orm'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { addDays, startOfBusinessDay, type AuditAction, type AuditChange, type AuditEntry, type AuditPage, type AuditQuery } from '@liuliang/shared'
import { first, type DbOrTx, type Tx } from '../db'
import { admins, auditEntries } from '../db/schema'
import { cursorBefore, pageOf } from '../db/paging'
import { serviceDeps, type ServiceDeps } from '../services'
import { redactSecrets } from './changes'
import { bindOnRequest, contextOf, currentRequest, rebindBeforeHandler } from './request-context'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: a POST that only reads (a count, a preview) is no admin's change and is not logged */
    audit?: false
  }
}

const CHANGING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const ADMIN_PREFIX = /^\/api\/admin(?=\/)/

/** A route's last segment that says what a POST did better than "create". */
const VERB_ACTIONS: Readonly<Record<string, AuditAction>> = {
  approve: 'approve',
  reject: 'reject',
  refund: 'refund',
  ship: 'ship',
  export: 'export',
  password: 'password',
  logout: 'logout',
  complete: 'operate',
  use: 'operate',
  sync: 'operate',
  recompute: 'operate',
  refresh: 'operate',
}

const segmentsOf = (route: string) => route.replace(ADMIN_PREFIX, '').split('/').filter(Boolean)

/** The object a route acts on: the segments naming the last path parameter's collection, and its value. */
export function objectOf(route: string | null, params: unknown): { objectType: string | null; objectId: string | null } {
  if (!route) return { objectType: null, objectId: null }
  const segments = segmentsOf(route)
  const last = segments.findLastIndex((segment) => segment.startsWith(':'))
  if (last < 0) {
    const statics = VERB_ACTIONS[segments.at(-1) ?? ''] ? segments.slice(0, -1) : segments
    return { objectType: statics.join('/') || null, objectId: null }
  }
  const previous = segments.slice(0, last).findLastIndex((segment) => segment.startsWith(':'))
  const value = (params as Record<string, unknown> | undefined)?.[(segments[last] as string).slice(1)]
  return { objectType: segments.slice(previous + 1, last).join('/') || null, objectId: value === undefined ? null : String(value) }
}

export function actionOf(method: string, route: string | null): AuditAction {
  const verb = VERB_ACTIONS[segmentsOf(route ?? '').at(-1) ?? '']
  if (verb) return verb
  if (method === 'DELETE') return 'delete'
  if (method === 'PUT' || method === 'PATCH') return 'update'
  return 'create'
}

/** Whether an admin request is one the log keeps: every change, and every export (a GET too). */
function isAudited(request: FastifyRequest): boolean {
  if (request.routeOptions.config?.audit === false) return false
  return CHANGING_METHODS.has(request.method) || segmentsOf(request.routeOptions.url ?? '').at(-1) === 'export'
}

interface Client {
  ip: string
  userAgent?: string
}

const clientOf = (request: FastifyRequest): Client => ({ ip: request.ip, userAgent: request.headers['user-agent'] })

/** A JSON body as sent (secrets hidden); an uploaded file by its type and size, not its bytes. */
function bodyFacts(request: FastifyRequest): unknown {
  const body = request.body
  if (body === undefined || body === null) return null
  return Buffer.isBuffer(body) ? { contentType: request.headers['content-type'], bytes: body.length } : redactSecrets(body)
}

/** What every entry about a request keeps: where it came from, what it asked and of which object. */
function requestFacts(request: FastifyRequest) {
  const route = request.routeOptions.url ?? null
  const { ip, userAgent } = clientOf(request)
  return {
    method: request.method,
    route,
    ip,
    userAgent: userAgent?.slice(0, 500) ?? null,
    requestBody: bodyFacts(request),
    ...objectOf(route, request.params),
  }
}

const usernameOf = async (handle: DbOrTx, adminId: number) =>
  (await first(handle.select({ username: admins.username }).from(admins).where(eq(admins.id, adminId))))?.username ?? null

/**
 * Records, in the caller's unit of work, what an admin's request changed on an object: the fields with their
 * values before and after. Outside an admin's request (a scheduled job, a customer) there is nobody to name
 * and nothing is recorded.
 */
export async function recordChange(
  tx: Tx,
  change: { objectType: string; objectId: number | string; action?: AuditAction; changes: AuditChange[] },
): Promise<void> {
  const context = currentRequest()
  const principal = context?.request.principal
  if (!context || principal?.aud !== 'admin') return
  const { request } = context
  context.changesRecorded = true
  await tx.insert(auditEntries).values({
    ...requestFacts(request),
    at: request.server.now(),
    adminId: principal.id,
    adminName: await usernameOf(tx, principal.id),
    action: change.action ?? actionOf(request.method, request.routeOptions.url ?? null),
    objectType: change.objectType,
    objectId: String(change.objectId),
    status: null,
    changes: change.changes,
  })
}

type EntryRow = typeof auditEntries.$inferSelect

const toEntry = (row: EntryRow): AuditEntry => ({
  id: row.id,
  at: row.at.toISOString(),
  adminId: row.adminId,
  adminName: row.adminName,
  action: row.action,
  objectType: row.objectType,
  objectId: row.objectId,
  method: row.method,
  route: row.route,
  status: row.status,
  ip: row.ip,
  userAgent: row.userAgent,
  requestBody: row.requestBody ?? null,
  changes: row.changes ?? [],
})

export interface AuditDeps extends ServiceDeps {
  timeZone: string
}

export function createAuditService({ db, now, log, timeZone }: AuditDeps) {
  const service = {
    /**
     * Keeps the admin request's own entry as it is answered (before the answer leaves, so whoever reads the answer
     * finds the entry), unless its service recorded the change with its before/after.
     */
    async recordAnswered(request: FastifyRequest, reply: FastifyReply): Promise<void> {
      const principal = request.principal
      const context = contextOf(request)
      // Input its schemas refused never reached a service: nothing was changed or attempted.
      if (principal?.aud !== 'admin' || !context?.handled || !isAudited(request)) return
      // A change recorded in a unit of work that then failed was rolled back with it: the failure is logged here.
      if (context.changesRecorded && reply.statusCode < 400) return
      try {
        await db.transaction(async (tx) => {
          await tx.insert(auditEntries).values({
            ...requestFacts(request),
            at: now(),
            adminId: principal.id,
            adminName: await usernameOf(tx, principal.id),
            action: actionOf(request.method, request.routeOptions.url ?? null),
            status: reply.statusCode,
          })
        })
      } catch (error) {
        // The change, if any, has committed: a log that could not be written is reported, not made the admin's error.
        log.error({ err: error, route: request.routeOptions.url }, 'audit entry not recorded')
      }
    },

    /** A login or a refused one; a refusal names the admin when the username is one. */
    async recordLogin({ username, client, status }: { username: string; client: Client; status: number }): Promise<void> {
      await db.transaction(async (tx) => {
        const admin = await first(tx.select({ id: admins.id }).from(admins).where(eq(admins.username, username)))
        await tx.insert(auditEntries).values({
          at: now(),
          adminId: admin?.id ?? null,
          adminName: username.slice(0, 64),
          action: status < 400 ? 'login' : 'login_failed',
          objectType: 'admins',
          objectId: admin ? String(admin.id) : null,
          method: 'POST',
          route: '/api/admin/login',
          status,
          ip: client.ip,
          userAgent: client.userAgent?.slice(0, 500) ?? null,
        })
      })
    },

    /** Binds every request of an admin route scope to the log: services see who asks, and changes are recorded once answered. */
    attachTo(scope: FastifyInstance): void {
      scope.addHook('onRequest', bindOnRequest)
      scope.addHook('preHandler', rebindBeforeHandler)
      scope.addHook('onSend', async (request, reply, payload) => {
        await service.recordAnswered(request, reply)
        return payload
      })
    },

    async search(query: AuditQuery): Promise<AuditPage> {
      const limit = query.limit ?? 20
      const conditions: (SQL | undefined)[] = [
        query.admin ? eq(auditEntries.adminName, query.admin) : undefined,
        query.objectType ? eq(auditEntries.objectType, query.objectType) : undefined,
        query.objectId ? eq(auditEntries.objectId, query.objectId) : undefined,
        query.action ? eq(auditEntries.action, query.action) : undefined,
        query.from ? gte(auditEntries.at, startOfBusinessDay(query.from, timeZone)) : undefined,
        query.to ? lt(auditEntries.at, startOfBusinessDay(addDays(query.to, 1), timeZone)) : undefined,
        cursorBefore(auditEntries.id, query.cursor),
      ]
      const rows = await db
        .select()
        .from(auditEntries)
        .where(and(...conditions))
        .orderBy(desc(auditEntries.id))
        .limit(limit + 1)
      return pageOf(rows, limit, toEntry)
    },
  }
  return service
}

export type AuditService = ReturnType<typeof createAuditService>

declare module 'fastify' {
  interface FastifyInstance {
    audit: AuditService
  }
}

export default fp(
  async (app, { timeZone }: { timeZone: string }) => {
    app.decorate('audit', createAuditService({ ...serviceDeps(app), timeZone }))
  },
  { name: 'audit', dependencies: ['db', 'clock'] },
)

export { clientOf }
