import { errorMessage } from '@liuliang/ui/errors'
import { ApiError } from '@liuliang/ui/http'

/** The login form's message for a failed attempt. */
export function loginErrorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 429) return '尝试过于频繁，请稍后再试'
    if (error.code === 'INVALID_CREDENTIALS' || error.status === 401) return '用户名或密码错误'
    if (error.status === 400) return '请输入用户名和密码'
  }
  return errorMessage(error)
}
