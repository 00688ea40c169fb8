import { describe, expect, it } from 'vitest'
import { createPhoneCipher } from '../../src/customer-360/phone-cipher'

const secret = 'a-jwt-secret-of-at-least-thirty-two-chars'

describe('phone cipher', () => {
  it('round-trips a number, sealing it differently each time', () => {
    const cipher = createPhoneCipher(secret)
    const a = cipher.encrypt('13812345678')
    const b = cipher.encrypt('13812345678')
    expect(a).not.toBe(b)
    expect(cipher.decrypt(a)).toBe('13812345678')
    expect(cipher.decrypt(b)).toBe('13812345678')
  })

  it('reads nothing under another secret, or from damaged or foreign text', () => {
    const sealed = createPhoneCipher(secret).encrypt('13812345678')
    expect(createPhoneCipher(`${secret}-rotated`).decrypt(sealed)).toBeNull()
    const cipher = createPhoneCipher(secret)
    const [version, iv, body = ''] = sealed.split('.')
    // Change the second-to-last character (the last may carry unused padding bits) to something it is not.
    const flipped = `${body.slice(0, -2)}${body.at(-2) === 'A' ? 'B' : 'A'}${body.slice(-1)}`
    expect(cipher.decrypt(`${version}.${iv}.${flipped}`)).toBeNull()
    expect(cipher.decrypt('13812345678')).toBeNull()
    expect(cipher.decrypt('v1.x.y')).toBeNull()
  })
})
