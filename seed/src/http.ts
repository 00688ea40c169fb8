// The seeder speaks to the server and the sandbox over HTTP, through the same doors real data uses.

/** The sandbox's login codes are single use, like Tencent's: every login needs a fresh one. */
export const freshCode = (id: string) => `test_${id}~seed-${Date.now()}-${Math.random().toString(36).slice(2)}`

export async function call(
  url: string,
  init: { method?: string; body?: unknown; raw?: { contentType: string; data: Uint8Array }; token?: string; headers?: Record<string, string> } = {},
): Promise<any> {
  const headers: Record<string, string> = { ...init.headers, ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) }
  if (init.body !== undefined) headers['content-type'] = 'application/json'
  if (init.raw) headers['content-type'] = init.raw.contentType
  const response = await fetch(url, {
    method: init.method ?? (init.body === undefined && !init.raw ? 'GET' : 'POST'),
    headers,
    body: init.raw ? init.raw.data : init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`${init.method ?? 'POST'} ${url} answered ${response.status}: ${text}`)
  return text ? JSON.parse(text) : null
}

/** A consumer's call to the mini-program API. */
export type ConsumerCall = (path: string, init?: { method?: string; body?: unknown }) => Promise<any>

/** Pays an order through the sandbox gateway, which confirms within a second, and waits until it has. */
export async function payAndWait(as: ConsumerCall, orderId: number): Promise<void> {
  await as(`/orders/${orderId}/pay`, { method: 'POST' })
  for (let attempt = 0; attempt < 50; attempt++) {
    if ((await as(`/orders/${orderId}`)).status !== 'pending_payment') return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`order ${orderId} was not confirmed by the payment gateway`)
}
