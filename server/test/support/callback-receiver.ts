// A second app's /wecom/callback: opens what the sandbox delivers with the server's own envelope code
// and records it, so a test can replay an event to the server after another app has acted on it.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { openCallback, type CallbackKeys, type SignedQuery } from '../../src/wecom/callback-envelope'

export interface ReceivedCallback {
  query: Record<string, string>
  body: string
  fields: Record<string, string>
}

export async function startReceiver(keys: CallbackKeys) {
  const received: ReceivedCallback[] = []
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const query = Object.fromEntries(new URL(request.url ?? '/', 'http://receiver').searchParams)
      try {
        const { fields } = openCallback(keys, query as unknown as SignedQuery, body)
        received.push({ query, body, fields })
        response.statusCode = 200
      } catch {
        response.statusCode = 400
      }
      response.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/wecom/callback`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
