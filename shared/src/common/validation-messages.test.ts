import { describe, expect, it } from 'vitest'
import { orderStatusLabel } from '../orders/labels'
import { fieldLabel } from './field-labels'
import { GENERIC_VALIDATION_MESSAGE, validationMessage, type SchemaIssue } from './validation-messages'

const issue = (keyword: string, instancePath: string, params: Record<string, unknown> = {}): SchemaIssue => ({ keyword, instancePath, params })

describe('fieldLabel', () => {
  it('prefers the most specific path the map knows, ignoring array indices', () => {
    expect(fieldLabel('/address/name')).toBe('收货人')
    expect(fieldLabel('/prizes/3/name')).toBe('奖品名称')
    expect(fieldLabel('/name')).toBe('名称')
    expect(fieldLabel('/link/title')).toBe('标题')
    expect(fieldLabel('filter.totalSpendFen.max')).toBe('累计消费上限')
    expect(fieldLabel('/noSuchField')).toBeNull()
  })
})

describe('validationMessage', () => {
  it('names the field in words and gives the limit, never the path', () => {
    expect(validationMessage([issue('maxLength', '/address/detail', { limit: 120 })])).toBe('详细地址最多 120 个字')
    expect(validationMessage([issue('maxLength', '/q', { limit: 50 })])).toBe('搜索关键词最多 50 个字')
    expect(validationMessage([issue('required', '/address', { missingProperty: 'region' })])).toBe('请填写所在地区')
    expect(validationMessage([issue('minLength', '/reason', { limit: 1 })])).toBe('请填写原因')
    expect(validationMessage([issue('maximum', '/delta', { limit: 1_000_000, comparison: '<=' })])).toBe('积分变动不能大于 1000000')
  })

  it('reads money limits in yuan', () => {
    expect(validationMessage([issue('maximum', '/amountFen', { limit: 100_000_000 })])).toBe('提现金额不能大于 1000000 元')
    expect(validationMessage([issue('minimum', '/amountFen', { limit: 1 })])).toBe('提现金额不能小于 0.01 元')
  })

  it("tells a nullable field's own problem, not its null branch or the union", () => {
    const phone = [
      issue('pattern', '/phone', { pattern: '^1[3-9][0-9]{9}$' }),
      issue('type', '/phone', { type: 'null' }),
      issue('anyOf', '/phone'),
    ]
    expect(validationMessage(phone)).toBe('手机号格式不正确')
  })

  it('says something general rather than an unknown name', () => {
    expect(validationMessage([issue('additionalProperties', '', { additionalProperty: 'foo' })])).toBe(GENERIC_VALIDATION_MESSAGE)
    expect(validationMessage([issue('type', '/mystery', { type: 'string' })])).toBe(GENERIC_VALIDATION_MESSAGE)
    expect(validationMessage([])).toBe(GENERIC_VALIDATION_MESSAGE)
  })

  it('never leaks English, a pattern or a schema keyword', () => {
    const keywords = ['required', 'minLength', 'maxLength', 'minimum', 'maximum', 'pattern', 'format', 'type', 'enum', 'const', 'not', 'minItems', 'maxItems', 'uniqueItems']
    for (const keyword of keywords) {
      const message = validationMessage([issue(keyword, '/phone', { limit: 2, missingProperty: 'phone', type: 'string', pattern: '^1$', format: 'date-time' })])
      expect(message, keyword).not.toMatch(/[A-Za-z]/)
    }
  })
})

describe('orderStatusLabel', () => {
  it('names a status in words, and an unknown one neutrally rather than by its code', () => {
    expect(orderStatusLabel('paid')).toBe('待发货')
    expect(orderStatusLabel('pending_payment')).toBe('待付款')
    expect(orderStatusLabel('something_new')).toBe('处理中')
  })
})
