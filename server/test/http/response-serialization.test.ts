// Responses are serialized from schemas rewritten so that no union needs Ajv to pick its option. The
// rewritten schema must write exactly what the written one does: the same fields, nulls kept. An
// undeclared field, which made every option of a closed union fail (a 500), is now dropped.
import { describe, expect, it } from 'vitest'
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler'
import { Type } from 'typebox'
import { Customer360Schema, ScriptPageSchema } from '@liuliang/shared'
import { forSerializing } from '../../src/plugins/serialization'

const serializerOf = (schema: unknown) => SerializerSelector()({}, {})({ schema: schema as never, method: 'GET', url: '/', httpStatus: '200' })
/** Written and rewritten, each serializing `value`. */
const both = (schema: unknown, value: unknown) => [serializerOf(schema)(value), serializerOf(forSerializing(schema))(value)]

const common = { scope: 'corp', title: '欢迎语', keywords: ['新客'], categoryId: null, usageCount: 3, createdAt: '2026-12-01T08:00:00.000Z', updatedAt: '2026-12-02T08:00:00.000Z' }
const url = 'https://example.com/a.png'

describe('response serialization', () => {
  it('writes each kind of script as the union says', () => {
    const page = {
      items: [
        { ...common, id: 1, type: 'text', content: '您好 {{name}}' },
        { ...common, id: 2, type: 'image', content: '', image: { url } },
        { ...common, id: 3, type: 'link', content: '上新', link: { url, imageUrl: url } },
        { ...common, id: 4, type: 'miniprogram', content: '', miniprogram: { appid: 'wx0123456789abcdef', page: 'pages/index.html', imageUrl: url } },
      ],
      nextCursor: '3.4',
    }
    const [written, rewritten] = both(ScriptPageSchema, page)
    expect(rewritten).toBe(written)
    const items = JSON.parse(rewritten as string).items
    expect(items.map((item: { type: string }) => item.type)).toEqual(['text', 'image', 'link', 'miniprogram'])
    expect(items[3].miniprogram.page).toBe('pages/index.html')
  })

  it('drops a field the schema does not declare instead of failing the response', () => {
    const script = { ...common, id: 2, type: 'image', content: '', image: { url, mediaId: 'secret' }, ownerStaffId: 9 }
    expect(() => serializerOf(ScriptPageSchema)({ items: [script], nextCursor: null })).toThrow(/does not match/)
    const [item] = JSON.parse(serializerOf(forSerializing(ScriptPageSchema))({ items: [script], nextCursor: null })).items
    expect(item).not.toHaveProperty('ownerStaffId')
    expect(item.image).toEqual({ url })
  })

  it('keeps a null and a value of a nullable field alike', () => {
    const schema = Type.Object({ at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]), n: Type.Union([Type.Integer(), Type.Null()]) })
    for (const value of [{ at: null, n: null }, { at: '2026-12-03T00:00:00.000Z', n: 5 }]) {
      const [written, rewritten] = both(schema, value)
      expect(rewritten).toBe(written)
    }
    expect(forSerializing(schema).properties.at).toMatchObject({ type: 'string', nullable: true })
  })

  it('writes a union of literals as the literal', () => {
    const schema = Type.Object({ stage: Type.Union([Type.Literal('new'), Type.Literal('repeat')]) })
    const [written, rewritten] = both(schema, { stage: 'repeat' })
    expect(rewritten).toBe(written)
    expect(rewritten).toBe('{"stage":"repeat"}')
  })

  it('leaves a union that no field tells apart as a union', () => {
    const schema = Type.Union([Type.Object({ a: Type.Integer() }), Type.Object({ b: Type.String() })])
    expect(forSerializing(schema)).toHaveProperty('anyOf')
    const [written, rewritten] = both(schema, { b: 'x' })
    expect(rewritten).toBe(written)
  })

  it('serializes the customer view the same way', () => {
    const view = {
      profile: { id: 7, externalUserId: 'wm7', name: '客户7', avatarUrl: null, remark: null, gender: 'female', city: null, phoneMasked: null, birthday: null, corpName: null, isMiniProgramUser: true, isWecomContact: true, mpRegisteredAt: null, createdAt: '2025-08-11T19:00:21.757Z' },
      tags: [{ id: 1, groupId: 1, groupName: '标签组1', name: '标签1-1' }],
      lifecycle: { stage: 'prospect' },
      followers: [{ staffUserId: 'g21', staffName: '导购21号', status: 'active', addWay: 1, state: 'channel_1', channel: null, firstAddedAt: '2025-08-11T19:00:21.757Z', endedAt: null }],
      followUps: { items: [], nextCursor: null },
      myReminders: [],
      timeline: { items: [{ id: 1, type: 'mp_registered', occurredAt: '2025-08-26T07:02:05.310Z', staffName: null, data: null }], nextCursor: null },
      sections: {},
      teamMember: null,
    }
    const [written, rewritten] = both(Customer360Schema, view)
    expect(rewritten).toBe(written)
  })
})
