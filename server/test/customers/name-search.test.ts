// The console finds customers by part of their name, newest first, a page at a time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addContact, login, request, startStack, type Stack } from '../support/stack'

let stack: Stack
let admin: string
beforeAll(async () => {
  stack = await startStack()
  admin = (await login.admin(stack)).token
})
afterAll(() => stack.close())

const searchNames = async (q: string, limit: number, cursor?: string) => {
  const reply = await request<{ items: { name: string }[]; nextCursor: string | null }>(
    `${stack.appUrl}/api/admin/customers?q=${encodeURIComponent(q)}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
    { token: admin },
  )
  expect(reply.status, JSON.stringify(reply.body)).toBe(200)
  return reply.body
}

describe('searching customers by name', () => {
  it('pages through the customers whose names hold the words, newest first, each once', async () => {
    for (const [index, name] of ['欧阳雪', '欧阳明', '司马光', '欧阳娜娜', '小欧阳'].entries()) await addContact(stack, `name_${index}`, 'guide_li', { name })
    const seen: string[] = []
    let cursor: string | undefined
    for (let pages = 0; pages < 5; pages++) {
      const page = await searchNames('欧阳', 2, cursor)
      seen.push(...page.items.map((customer) => customer.name))
      if (!page.nextCursor) break
      cursor = page.nextCursor
    }
    expect(seen).toEqual(['小欧阳', '欧阳娜娜', '欧阳明', '欧阳雪'])
    expect((await searchNames('司马', 20)).items.map((customer) => customer.name)).toEqual(['司马光'])
    expect(await searchNames('诸葛', 20)).toEqual({ items: [], nextCursor: null })
  })

  it('takes wildcard characters as written', async () => {
    await addContact(stack, 'name_percent', 'guide_li', { name: '百分_100%' })
    expect((await searchNames('_100%', 20)).items.map((customer) => customer.name)).toEqual(['百分_100%'])
    expect((await searchNames('%%', 20)).items).toEqual([])
  })
})
