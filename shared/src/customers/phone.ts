// Phone numbers are stored encrypted and shown to guides masked, as 138****5678.

/** Mainland China mobile numbers: 11 digits from 13x to 19x. */
export const MAINLAND_MOBILE_PATTERN = '^1[3-9][0-9]{9}$'

export function isMainlandMobile(phone: string): boolean {
  return new RegExp(MAINLAND_MOBILE_PATTERN).test(phone)
}

/** Keeps the first three and last four digits; anything too short to keep both is hidden whole. */
export function maskPhone(phone: string): string {
  if (phone.length < 8) return '*'.repeat(phone.length)
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`
}
