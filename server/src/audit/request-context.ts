// Which admin request the running code serves, followed through awaits, so a service deep in a unit of
// work can name who changed what without every route passing it down. Bound at onRequest and again at
// preHandler: reading the body runs on stream events that lose the first binding (as
// @fastify/request-context does it).
import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks'
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'

export interface AuditedRequest {
  request: FastifyRequest
  /** the request passed its schemas and reached its handler: input refused before that changed nothing */
  handled: boolean
  /** a change with its before/after was recorded in the request's unit of work: the generic entry is not needed */
  changesRecorded: boolean
}

const requests = new AsyncLocalStorage<AuditedRequest>()
const scopes = new WeakMap<FastifyRequest, { resource: AsyncResource; context: AuditedRequest }>()

export function bindOnRequest(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const context: AuditedRequest = { request, handled: false, changesRecorded: false }
  requests.run(context, () => {
    const resource = new AsyncResource('liuliang-audit')
    scopes.set(request, { resource, context })
    resource.runInAsyncScope(done, request.raw)
  })
}

export function rebindBeforeHandler(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const scope = scopes.get(request)
  if (!scope) return done()
  scope.context.handled = true
  scope.resource.runInAsyncScope(done, request.raw)
}

/** The admin request the running code serves, if any. */
export const currentRequest = (): AuditedRequest | undefined => requests.getStore()

/** The context bound to a request, seen from its own hooks. */
export const contextOf = (request: FastifyRequest): AuditedRequest | undefined => scopes.get(request)?.context
