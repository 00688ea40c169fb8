import { describe, expect, it } from 'vitest'
import { BLANK_LIVE_CODE, liveCodeProblems, liveCodeRequest, qrFileName, type LiveCodeForm } from './live-code-form'

const form = (patch: Partial<LiveCodeForm>): LiveCodeForm => ({ ...BLANK_LIVE_CODE, name: '门店海报', staffUserIds: ['guide_li'], ...patch })

describe('live-code validation', () => {
  it('accepts a named code with one guide', () => {
    expect(liveCodeProblems(form({}))).toEqual([])
  })

  it('mirrors the server’s limits', () => {
    expect(liveCodeProblems(form({ name: ' ', staffUserIds: [] }))).toEqual(['请填写活码名称', '至少选择一位接待导购'])
    expect(liveCodeProblems(form({ name: '名'.repeat(31) }))).toEqual(['活码名称最多 30 个字'])
    expect(liveCodeProblems(form({ backupStaffUserIds: ['guide_li'] }))).toEqual(['这些成员不能既是接待导购又是备用导购：guide_li'])
    expect(liveCodeProblems(form({ dailyAddLimit: '0' }))).toEqual(['每人每日上限须为 1–10000 的整数，不限请留空'])
    expect(liveCodeProblems(form({ allocation: 'weight', weights: { guide_li: '101' } }))).toEqual(['权重须为 1–100 的整数：guide_li'])
    expect(liveCodeProblems(form({ staffUserIds: ['李 娜'] }))).toEqual(['成员账号格式不对：李 娜'])
    expect(liveCodeProblems(form({ welcomeText: '好'.repeat(1334) }))[0]).toMatch(/^欢迎语文字超过 4000 字节/)
  })
})

describe('live-code request', () => {
  it('turns empty fields into the server’s nulls and keeps weights only for weighted allocation', () => {
    expect(liveCodeRequest(form({ weights: { guide_li: '3' } }))).toMatchObject({ dailyAddLimit: null, weights: {}, workingHours: null, welcomeText: null })
    expect(
      liveCodeRequest(form({ allocation: 'weight', staffUserIds: ['guide_li', 'guide_wang'], weights: { guide_li: '3' }, dailyAddLimit: '20', shift: true })),
    ).toMatchObject({ dailyAddLimit: 20, weights: { guide_li: 3, guide_wang: 1 }, workingHours: { start: '09:00', end: '21:00' } })
  })
})

describe('QR file name', () => {
  it('is the code’s name with the image’s extension, safe for any file system', () => {
    expect(qrFileName('门店海报', 'image/png')).toBe('门店海报.png')
    expect(qrFileName('A/B: 活动', 'image/jpeg')).toBe('A_B_ 活动.jpg')
  })
})
