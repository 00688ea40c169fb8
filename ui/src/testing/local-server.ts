import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedRequest {
  method: string
  path: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  body: unknown
}

export interface Reply {
  status: number
  /** Sent as JSON unless `raw` is given. */
  json?: unknown
  raw?: string
  contentType?: string
}

export interface LocalServer {
  baseUrl: string
  requests: ReceivedRequest[]
  close(): Promise<void>
}

/** A real HTTP server on 127.0.0.1 answering with `route`, recording what it received. */
export async function startLocalServer(route: (request: ReceivedRequest) => Reply | Promise<Reply>): Promise<LocalServer> {
  const requests: ReceivedRequest[] = []
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = []
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk))
    incoming.on('end', async () => {
      const url = new URL(incoming.url ?? '/', 'http://127.0.0.1')
      const text = Buffer.concat(chunks).toString('utf8')
      const request: ReceivedRequest = {
        method: incoming.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: incoming.headers,
        // JSON as parsed; anything else (a file) as its text.
        body: !text ? undefined : incoming.headers['content-type']?.startsWith('application/json') ? JSON.parse(text) : text,
      }
      requests.push(request)
      const reply = await route(request)
      const payload = reply.raw ?? (reply.json === undefined ? '' : JSON.stringify(reply.json))
      outgoing.writeHead(reply.status, {
        'content-type': reply.contentType ?? 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(payload),
      })
      outgoing.end(payload)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}

/** A port nothing listens on: bind one, then let it go. */
export async function unusedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}
