// Sweeps every route in the OpenAPI document with malformed input: each must answer 4xx with the
// error shape, never 500. New routes are covered as soon as they are registered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { login, request, startStack, type Stack } from '../support/stack'

let stack: Stack
const tokens: Record<string, string> = {}
beforeAll(async () => {
  stack = await startStack()
  tokens['/api/mp/'] = (await login.consumer(stack, 'sweeper')).token
  tokens['/api/sidebar/'] = (await login.staff(stack, 'guide_li')).token
  tokens['/api/admin/'] = (await login.admin(stack)).token
})
afterAll(() => stack.close())

interface Operation {
  parameters?: { in: string; name: string; required?: boolean }[]
  requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown>; required?: string[] } }> }
}

function operations(): { method: string; path: string; op: Operation }[] {
  const spec = stack.app.swagger() as { paths: Record<string, Record<string, Operation>> }
  return Object.entries(spec.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  )
}

function tokenFor(path: string): string | undefined {
  return Object.entries(tokens).find(([prefix]) => path.startsWith(prefix))?.[1]
}

const fill = (path: string, value: string) => path.replace(/\{[^}]+\}/g, value)

async function expectClientError(method: string, url: string, init: Parameters<typeof request>[1], label: string) {
  const reply = await request(url, { ...init, method })
  expect(reply.status, `${label}: ${JSON.stringify(reply.body)}`).toBeGreaterThanOrEqual(400)
  expect(reply.status, label).toBeLessThan(500)
  expect(reply.body?.error?.code, `${label}: ${JSON.stringify(reply.body)}`).toEqual(expect.stringMatching(/^[A-Z][A-Z0-9_]+$/))
  expect(reply.body.error.message, label).toEqual(expect.any(String))
}

describe('malformed input', () => {
  it('documents the routes it sweeps', () => {
    const paths = operations().map((o) => `${o.method} ${o.path}`)
    expect(paths).toEqual(expect.arrayContaining(['POST /api/mp/login', 'POST /api/admin/login', 'POST /wecom/callback']))
  })

  it('answers bad bodies with 4xx and the error shape on every route that takes one', async () => {
    for (const { method, path, op } of operations()) {
      const json = op.requestBody?.content['application/json']
      if (!json) continue
      const url = `${stack.appUrl}${fill(path, '1')}`
      const token = tokenFor(path)
      const label = `${method} ${path}`
      await expectClientError(method, url, { token, body: '{"broken": ', headers: { 'content-type': 'application/json' } }, `${label} broken JSON`)
      await expectClientError(method, url, { token, body: [] }, `${label} array body`)
      await expectClientError(method, url, { token, body: 'plain', headers: { 'content-type': 'text/html' } }, `${label} wrong type`)
      for (const field of json.schema.required ?? []) {
        const sample = Object.fromEntries(Object.keys(json.schema.properties ?? {}).map((k) => [k, 'x']))
        delete sample[field]
        await expectClientError(method, url, { token, body: sample }, `${label} without ${field}`)
      }
      const wrongTypes = Object.fromEntries(Object.keys(json.schema.properties ?? {}).map((k) => [k, { nested: [1, 2] }]))
      await expectClientError(method, url, { token, body: wrongTypes }, `${label} wrong field types`)
    }
  })

  it('answers bad path and query parameters with 4xx on every route that takes them', async () => {
    for (const { method, path, op } of operations()) {
      if (path.startsWith('/docs')) continue
      const token = tokenFor(path)
      const label = `${method} ${path}`
      const params = op.parameters ?? []
      if (params.some((p) => p.in === 'path')) {
        await expectClientError(method, `${stack.appUrl}${fill(path, 'x'.repeat(300))}`, { token }, `${label} long path param`)
        await expectClientError(method, `${stack.appUrl}${fill(path, '%E4%BD%A0%27%22')}`, { token }, `${label} odd path param`)
      }
      const query = params.filter((p) => p.in === 'query')
      if (query.length > 0) {
        const bad = new URLSearchParams(query.map((p): [string, string] => [p.name, p.name === 'limit' ? '-5' : 'x'.repeat(5000)]))
        await expectClientError(method, `${stack.appUrl}${fill(path, '1')}?${bad}`, { token }, `${label} bad query`)
      }
    }
  })

  it('answers unknown routes with 404 and the error shape', async () => {
    await expectClientError('GET', `${stack.appUrl}/api/mp/nothing-here`, {}, 'unknown route')
  })
})
