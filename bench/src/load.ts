import autocannon from 'autocannon'

export interface LoadResult {
  name: string
  requestsPerSecond: number
  /** answers that did what was asked, per second: refusals (a repeated customer's 409) are quicker and would flatter */
  okPerSecond: number
  p50: number
  p97_5: number
  p99: number
  ok: number
  non2xx: number
  /** the error codes of the non-2xx answers, and how many of each */
  refusals: Record<string, number>
  errors: number
}

/** In-flight requests the server completes after autocannon stops: let them land before counting rows. */
const SETTLE_MS = 1000

/** One profile: autocannon at the given connections for the given seconds. */
export async function load(
  name: string,
  settings: { connections: number; duration: number },
  options: Omit<autocannon.Options, 'connections' | 'duration'>,
): Promise<LoadResult> {
  process.stdout.write(`loading ${name} for ${settings.duration} s…\n`)
  const refusals: Record<string, number> = {}
  const requests = options.requests?.map((request) => ({
    ...request,
    onResponse: (status: number, body: string) => {
      if (status < 300) return
      const code = /"code":"([A-Z_]+)"/.exec(body)?.[1] ?? String(status)
      refusals[code] = (refusals[code] ?? 0) + 1
    },
  }))
  const result = await autocannon({ ...options, ...(requests ? { requests } : {}), ...settings })
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS))
  return {
    name,
    // Both over the run's measured duration, so the 2xx rate can never exceed the request rate.
    requestsPerSecond: Math.round(result.requests.total / result.duration),
    okPerSecond: Math.round(result['2xx'] / result.duration),
    p50: result.latency.p50,
    p97_5: result.latency.p97_5,
    p99: result.latency.p99,
    ok: result['2xx'],
    non2xx: result.non2xx,
    refusals,
    errors: result.errors,
  }
}

/** A request's path and headers, fresh for each request autocannon sends. */
export function eachRequest(method: 'GET' | 'POST', next: () => { path: string; headers?: Record<string, string> }): autocannon.Request[] {
  return [
    {
      method,
      setupRequest: (request) => {
        const { path, headers } = next()
        return { ...request, path, headers: { ...request.headers, ...headers } }
      },
    },
  ]
}

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number
