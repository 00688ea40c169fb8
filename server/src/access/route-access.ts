// What every admin route needs, and the hook that holds every request to it. The area of a route comes
// from the table below by its path, so a new route under a known path is covered at once; a route
// under a path the table does not know stops the server at start. The level is `view` for reads and
// `manage` for changes unless the route says otherwise.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import {
  ErrorResponseSchema,
  PERMISSION_AREA_TEXT,
  PERMISSION_LEVEL_TEXT,
  permits,
  type Permission,
  type PermissionArea,
  type PermissionLevel,
} from '@liuliang/shared'
import type { AdminAccess } from '../admins/admin-service'
import { forbidden, notFound } from '../errors'

export interface RouteAccess {
  area?: PermissionArea
  level?: PermissionLevel
  /**
   * For accounts limited to departments (store managers): `filtered` — the route narrows its answer to the
   * caller's departments itself; `none` — it shows nothing tied to a store. Without it such accounts are refused.
   */
  scope?: 'filtered' | 'none'
  /** The caller's own session and password: open to every signed-in admin. */
  self?: true
}

export interface ResolvedAccess {
  permission: Permission | null
  area: PermissionArea | null
  level: PermissionLevel
  scope: RouteAccess['scope']
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess
    /** set for every admin route when it is registered */
    resolvedAccess?: ResolvedAccess
  }
  interface FastifyRequest {
    /** the signed-in admin's role and scope (admin routes only) */
    adminAccess: AdminAccess
  }
}

/**
 * Business area by path, the longest matching entry winning; an entry may name a method. Finance holds
 * what gives money back or pays it out: refunds, after-sales decisions, commission withdrawals.
 */
const AREA_BY_PATH: [string, PermissionArea][] = [
  ['/live-codes', 'acquisition'],
  ['/welcome-messages', 'acquisition'],
  ['/group-live-codes', 'acquisition'],
  ['/group-welcome-templates', 'acquisition'],
  ['/fission-activities', 'acquisition'],
  ['/broadcasts', 'activation'],
  ['/broadcast-settings', 'activation'],
  ['/moments', 'activation'],
  ['/sops', 'activation'],
  ['/script-categories', 'activation'],
  ['/scripts', 'activation'],
  ['/loyalty', 'activation'],
  ['/customers/:customerId/points', 'activation'],
  ['/lotteries', 'activation'],
  ['/mall', 'activation'],
  ['/coupon-templates', 'activation'],
  ['/coupons', 'activation'],
  ['/customers/:customerId/coupons', 'activation'],
  ['/coupon-batches', 'activation'],
  ['/coupon-claimables', 'activation'],
  ['/coupon-stats', 'activation'],
  ['/subscription-messages', 'activation'],
  ['/products', 'conversion'],
  ['/shop', 'conversion'],
  ['/orders', 'conversion'],
  ['/fulfilment', 'conversion'],
  ['/groupbuys', 'conversion'],
  ['/distribution', 'conversion'],
  ['/distributors', 'conversion'],
  ['/materials', 'materials'],
  ['POST /orders/:id/refund', 'finance'],
  ['/after-sales', 'finance'],
  ['/withdrawals', 'finance'],
  ['/customers', 'customers'],
  ['/audiences', 'customers'],
  ['/staff', 'customers'],
  ['/tags', 'customers'],
  ['/tag-choices', 'customers'],
  ['/tag-groups', 'customers'],
  ['/tag-rules', 'customers'],
  ['/customer-groups', 'customers'],
  ['/inheritance', 'customers'],
  ['/rfm', 'customers'],
  ['/lead-rules', 'customers'],
  ['/leads', 'customers'],
  ['/recommendations', 'customers'],
  ['/dashboard', 'data'],
  ['/churn', 'data'],
  ['/admin-accounts', 'settings'],
  ['/roles', 'settings'],
  ['/departments', 'settings'],
  ['/audit-entries', 'settings'],
]

const segments = (path: string) => path.split('/').filter(Boolean)

/** The area of the longest entry whose path segments begin this route's (and whose method, if named, is this). */
function areaOf(method: string, path: string): PermissionArea | undefined {
  const route = segments(path)
  let best: { length: number; area: PermissionArea } | undefined
  for (const [entry, area] of AREA_BY_PATH) {
    const [entryMethod, entryPath] = entry.includes(' ') ? entry.split(' ') : [undefined, entry]
    if (entryMethod && entryMethod !== method) continue
    const prefix = segments(entryPath!)
    const length = prefix.length + (entryMethod ? 0.5 : 0)
    if (prefix.every((segment, i) => route[i] === segment) && (!best || length > best.length)) best = { length, area }
  }
  return best?.area
}

export function resolveAccess(method: string, path: string, declared: RouteAccess = {}): ResolvedAccess {
  const level = declared.level ?? (method === 'GET' || method === 'HEAD' ? 'view' : 'manage')
  if (declared.self) return { permission: null, area: null, level, scope: 'none' }
  const area = declared.area ?? areaOf(method, path)
  if (!area) throw new Error(`admin route ${method} ${path} needs a permission: give its path an area in access/route-access.ts`)
  return { permission: `${area}:${level}`, area, level, scope: declared.scope }
}

/** Refuses, before anything else runs, a request its admin's role or scope does not allow. */
async function checkAccess(request: FastifyRequest): Promise<void> {
  const access = request.sessionHolder as AdminAccess
  request.adminAccess = access
  const { area, level, scope } = request.routeOptions.config.resolvedAccess!
  if (!area) return
  if (access.mustChangePassword) throw forbidden('PASSWORD_CHANGE_REQUIRED', '请先修改初始密码再继续')
  if (!permits(access.permissions, area, level)) {
    throw forbidden('PERMISSION_DENIED', `你的角色（${access.roleName}）没有「${PERMISSION_AREA_TEXT[area]}」的${PERMISSION_LEVEL_TEXT[level]}权限`)
  }
  if (access.departmentIds.length === 0) return
  if (!scope) throw forbidden('OUTSIDE_SCOPE', '门店账号只能使用所辖门店的客户与数据，这里不对其开放')
  // Every route about one customer answers a store manager only for their stores' customers.
  const { customerId } = request.params as { customerId?: string }
  if (customerId !== undefined && /^[0-9]{1,10}$/.test(customerId) && !(await request.server.customerScopes.includes(access, Number(customerId)))) {
    throw notFound('CUSTOMER_NOT_FOUND', '客户不存在，或不在你所辖门店的范围内')
  }
}

/**
 * Every route of the admin scope gets its access resolved when it is registered (and published in the
 * OpenAPI document as the bearer scope it needs) and checked on every request after the token.
 */
export function attachAccessControl(scope: FastifyInstance, prefix: string): void {
  scope.addHook('onRoute', (route) => {
    const method = [route.method].flat().find((name) => name !== 'HEAD') ?? 'GET'
    const resolvedAccess = resolveAccess(method, route.url.slice(prefix.length), route.config?.access)
    route.config = { ...route.config, resolvedAccess }
    const response = route.schema?.response as Record<number, unknown> | undefined
    route.schema = {
      ...route.schema,
      security: [{ bearer: resolvedAccess.permission ? [resolvedAccess.permission] : [] }],
      ...(response ? { response: { ...response, 403: ErrorResponseSchema } } : {}),
    }
  })
  scope.addHook('onRequest', checkAccess)
}
