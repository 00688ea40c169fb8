import { describe, expect, it } from 'vitest'
import { findControlCharacter } from './control-characters'

describe('control characters in requests', () => {
  it('finds NUL, escape and DEL wherever they are, keys included', () => {
    expect(findControlCharacter('abc\u0000def')).toBe('')
    expect(findControlCharacter({ address: { detail: 'a\u001bb' } })).toBe('/address/detail')
    expect(findControlCharacter({ prizes: [{ name: 'ok' }, { name: 'x\u007f' }] })).toBe('/prizes/1/name')
    expect(findControlCharacter({ 'we\u0001ird': 1 })).toBe('/we\u0001ird')
  })

  it('walks a body nested far deeper than the call stack', () => {
    const deep = JSON.parse(`${'['.repeat(200_000)}"x\\u0000"${']'.repeat(200_000)}`)
    expect(findControlCharacter(deep)).toBe('/0'.repeat(200_000))
  })

  it('lets tabs, line breaks and everything printable through', () => {
    expect(findControlCharacter({ text: '第一行\r\n第二行\t结束', n: 5, ok: true, none: null, emoji: '🎉' })).toBeNull()
  })

  it('leaves the bytes of an uploaded file alone, NUL bytes and all', () => {
    expect(findControlCharacter(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]))).toBeNull()
    expect(findControlCharacter(new Uint8Array(4))).toBeNull()
  })
})
