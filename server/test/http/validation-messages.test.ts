// A request the schemas refuse is answered in the person's words: zh-CN, naming the field as the
// screens do, never a JSON path, a pattern or a schema keyword.
import { fieldLabel } from '@liuliang/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addContact, login, request, startStack, type Stack } from '../support/stack'

let stack: Stack
beforeAll(async () => {
  stack = await startStack()
})
afterAll(() => stack.close())

type Schema = { $ref?: string; properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[]; oneOf?: Schema[]; allOf?: Schema[] }
interface Operation {
  parameters?: { in: string; name: string }[]
  requestBody?: { content: Record<string, { schema: Schema }> }
}

/** Every field a person's request can carry: the API's own routes, not Tencent's callbacks into us. */
function requestFields(): string[] {
  const spec = stack.app.swagger() as { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } }
  const resolve = (schema: Schema): Schema => (schema.$ref ? (spec.components?.schemas?.[schema.$ref.split('/').pop() as string] ?? {}) : schema)
  const fields = new Set<string>()
  const walk = (raw: Schema, path: string) => {
    const schema = resolve(raw)
    for (const [name, child] of Object.entries(schema.properties ?? {})) {
      const childPath = path ? `${path}.${name}` : name
      fields.add(childPath)
      walk(child, childPath)
    }
    for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) walk(branch, path)
    if (schema.items) walk(schema.items, path)
  }
  for (const [path, methods] of Object.entries(spec.paths)) {
    if (!path.startsWith('/api/')) continue
    for (const op of Object.values(methods)) {
      for (const parameter of op.parameters ?? []) fields.add(parameter.name)
      for (const content of Object.values(op.requestBody?.content ?? {})) walk(content.schema, '')
    }
  }
  return [...fields].sort()
}

const ENGLISH = /must|anyOf|oneOf|body|querystring|params|\/|\^|\$/

describe('validation messages', () => {
  it('has a label for every field a request can carry', () => {
    const fields = requestFields()
    expect(fields.length).toBeGreaterThan(50)
    expect(fields.filter((field) => fieldLabel(field) === null)).toEqual([])
  })

  it('names a too-long address field as the address form does', async () => {
    const { token } = await login.consumer(stack, 'long_address')
    const reply = await request(`${stack.appUrl}/api/mp/mall/items/1/redemptions`, {
      token,
      headers: { 'idempotency-key': 'long-address-1' },
      body: { address: { name: '张三', phone: '13800000000', region: '浙江省 杭州市 西湖区', detail: '路'.repeat(121) } },
    })
    expect(reply.status).toBe(400)
    expect(reply.body.error).toEqual({ code: 'VALIDATION_FAILED', message: '详细地址最多 120 个字' })
  })

  it('reads a withdrawal limit in yuan and calls the amount what the distributor calls it', async () => {
    const { token } = await login.consumer(stack, 'huge_withdrawal')
    const reply = await request(`${stack.appUrl}/api/mp/distributor/withdrawals`, {
      token,
      headers: { 'idempotency-key': 'huge-withdrawal-1' },
      body: { amountFen: 99_999_999_999 },
    })
    expect(reply.body.error).toEqual({ code: 'VALIDATION_FAILED', message: '提现金额不能大于 1000000 元' })
  })

  it("answers a guide's too-long search and a bad phone number in words", async () => {
    const { token } = await login.staff(stack, 'guide_li')
    const search = await request(`${stack.appUrl}/api/sidebar/scripts?q=${'话'.repeat(51)}`, { token })
    expect(search.body.error).toEqual({ code: 'VALIDATION_FAILED', message: '搜索关键词最多 50 个字' })

    const externalUserId = await addContact(stack, 'bad_phone', 'guide_li')
    const phone = await request(`${stack.appUrl}/api/sidebar/customers/${externalUserId}/profile`, {
      method: 'PATCH',
      token,
      body: { phone: '12345' },
    })
    expect(phone.body.error).toEqual({ code: 'VALIDATION_FAILED', message: '手机号格式不正确' })
  })

  it('never answers with a path, a pattern or a schema keyword, whatever is wrong', async () => {
    const { token } = await login.admin(stack)
    const admin = (path: string, body: unknown) => request(`${stack.appUrl}/api/admin${path}`, { token, body })
    const replies = [
      await admin('/customers/1/points', { delta: 2_000_000, reason: 'x' }),
      await admin('/customers/1/points', { delta: 0, reason: 'x' }),
      await admin('/customers/1/points', { delta: 'many', reason: 'x' }),
      await admin('/customers/1/points', { delta: 5 }),
      await admin('/live-codes', { name: '码', staffUserIds: [], extra: true }),
      await admin('/lotteries', { name: '转盘', prizes: [{ name: '奖'.repeat(100) }] }),
    ]
    for (const reply of replies) {
      expect(reply.status).toBe(400)
      expect(reply.body.error.message).not.toMatch(ENGLISH)
      expect(reply.body.error.message).toMatch(/[\u4e00-\u9fff]/)
    }
    expect(replies[0]?.body.error.message).toBe('积分变动不能大于 1000000')
    expect(replies[3]?.body.error.message).toBe('请填写原因')
  })

  it("explains a coupon template's missing terms without naming the API's fields", async () => {
    const { token } = await login.admin(stack)
    const create = (body: unknown) => request(`${stack.appUrl}/api/admin/coupon-templates`, { token, body })
    const noAmount = await create({ name: '满减券', kind: 'amount_off', thresholdFen: 0, validDays: 30 })
    expect(noAmount.body.error).toEqual({ code: 'INVALID_COUPON_TEMPLATE', message: '满减券需要填写减免金额，且不能设置折扣' })
    const noDiscount = await create({ name: '折扣券', kind: 'discount', thresholdFen: 0, validDays: 30 })
    expect(noDiscount.body.error.message).not.toMatch(/[A-Za-z]/)
  })
})
