import type { Product } from './product'

/** The admin API of a running product, logged in with the demo account. */
export async function adminApi(product: Product) {
  /** A JSON body, or bytes as the console's uploads send them. */
  const send = async (method: string, path: string, body: unknown, token?: string) => {
    const response = await fetch(`${product.serverUrl}/api/admin${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': body instanceof Uint8Array ? 'application/octet-stream' : 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : body instanceof Uint8Array ? (body as Uint8Array<ArrayBuffer>) : JSON.stringify(body),
    })
    if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`)
    return (await response.json()) as any
  }
  const { token } = await send('POST', '/login', { username: 'admin', password: 'liuliang123' })
  return {
    get: (path: string) => send('GET', path, undefined, token),
    post: (path: string, body: unknown) => send('POST', path, body, token),
    put: (path: string, body: unknown) => send('PUT', path, body, token),
    /** A video or document into the library under its name. */
    uploadLibraryFile: (fileName: string, data: Uint8Array) => send('POST', `/materials/files?${new URLSearchParams({ fileName })}`, data, token),
  }
}

/** A mall item a first check-in (5 points) can pay for, issuing a 5 元 coupon; answers its id. */
export async function createFirstCheckinReward(product: Product): Promise<number> {
  const admin = await adminApi(product)
  const template = await admin.post('/coupon-templates', { name: '5 元体验券', kind: 'amount_off', amountOffFen: 500, thresholdFen: 0, validDays: 30 })
  const item = await admin.post('/mall/items', { name: '签到换券', kind: 'coupon', couponTemplateId: template.id, pointsPrice: 5, stock: 10, perUserLimit: 1 })
  return item.id
}

export type AdminApi = Awaited<ReturnType<typeof adminApi>>
