import { describe, expect, it } from 'vitest'
import { ApiError } from '@liuliang/ui/http'
import { loginErrorMessage } from './login-error'

describe('loginErrorMessage', () => {
  it('explains each failed login in zh-CN', () => {
    expect(loginErrorMessage(new ApiError(401, 'INVALID_CREDENTIALS', 'Invalid credentials'))).toBe('用户名或密码错误')
    expect(loginErrorMessage(new ApiError(429, 'HTTP_429', 'Rate limit exceeded'))).toBe('尝试过于频繁，请稍后再试')
    expect(loginErrorMessage(new ApiError(429, 'RATE_LIMITED', '请求过多'))).toBe('尝试过于频繁，请稍后再试')
    expect(loginErrorMessage(new ApiError(0, 'NETWORK_ERROR', '网络连接失败，请检查网络后重试'))).toBe(
      '网络连接失败，请检查网络后重试',
    )
    expect(loginErrorMessage(new TypeError('x is undefined'))).toBe('出了点问题，请稍后重试')
  })
})
