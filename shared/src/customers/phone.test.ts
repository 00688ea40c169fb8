import { describe, expect, it } from 'vitest'
import { isMainlandMobile, maskPhone } from './phone'

describe('phone numbers', () => {
  it('masks a mobile number as guides see it', () => {
    expect(maskPhone('13812345678')).toBe('138****5678')
  })

  it('never shows more than seven digits of a longer number, and hides short ones whole', () => {
    expect(maskPhone('008613812345678')).toBe('008********5678')
    expect(maskPhone('1234567')).toBe('*******')
  })

  it('accepts mainland mobile numbers only', () => {
    expect(isMainlandMobile('13812345678')).toBe(true)
    expect(isMainlandMobile('19912345678')).toBe(true)
    expect(isMainlandMobile('12812345678')).toBe(false)
    expect(isMainlandMobile('1381234567')).toBe(false)
    expect(isMainlandMobile('+8613812345678')).toBe(false)
  })
})
