// The seeder speaks to the server and the sandbox over HTTP, through the same doors real data uses.

/** The sandbox's login codes are single use, like Tencent's: every login needs a fresh one. */
export const freshCode = (id: string) => `test_${id}~seed-${Date.now()}-${Math.random().toString(36).slice(2)}`

export async function call(
  url: string,
  init: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<any> {
  const headers: Record<string, string> = { ...init.headers, ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) }
  if (init.body !== undefined) headers['content-type'] = 'application/json'
  const response = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`${init.method ?? 'POST'} ${url} answered ${response.status}: ${text}`)
  return text ? JSON.parse(text) : null
}
