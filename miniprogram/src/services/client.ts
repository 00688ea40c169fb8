import Taro from '@tarojs/taro'
import axios, { isAxiosError, type AxiosInstance } from 'axios'
import type { ErrorResponse } from '@liuliang/shared'
import { API_BASE, IS_H5 } from '../env'
import { taroRequestAdapter } from './taro-adapter'

declare module 'axios' {
  interface AxiosRequestConfig {
    /** The caller shows the error itself (e.g. a page's error state), so no toast. */
    silent?: boolean
    /** Set on the one retry after a 401, so a second 401 is not retried again. */
    retried?: boolean
  }
}

/** What to tell the user about a failed request: the server's own message when it sent one. */
export function errorMessage(error: unknown): string {
  if (isAxiosError<ErrorResponse>(error)) {
    const serverMessage = error.response?.data?.error?.message
    if (typeof serverMessage === 'string' && serverMessage !== '') return serverMessage
    if (error.code === axios.AxiosError.ETIMEDOUT || error.code === axios.AxiosError.ECONNABORTED) return '请求超时，请稍后重试'
    if (error.response) return `服务异常（${error.response.status}），请稍后重试`
    return '网络异常，请检查网络后重试'
  }
  return '出了点问题，请稍后重试'
}

// A replayed request's error passes through the toast of both the replay and the original call.
const toasted = new WeakSet<object>()

/**
 * An axios instance pointed at the API. `setup` adds interceptors that may recover from an error
 * (the 401 re-login); the toast is registered after them so it only shows errors nobody handled.
 */
export function createClient(setup?: (client: AxiosInstance) => void): AxiosInstance {
  const client = axios.create({
    baseURL: API_BASE,
    timeout: 15_000,
    // WeChat has no XMLHttpRequest; the browser build keeps axios' own adapter.
    adapter: IS_H5 ? 'xhr' : taroRequestAdapter,
  })
  setup?.(client)
  client.interceptors.response.use(undefined, (error: unknown) => {
    const silent = isAxiosError(error) && error.config?.silent === true
    const fresh = typeof error !== 'object' || error === null || !toasted.has(error)
    if (!silent && fresh && !axios.isCancel(error)) {
      if (typeof error === 'object' && error !== null) toasted.add(error)
      void Taro.showToast({ title: errorMessage(error), icon: 'none', duration: 2500 })
    }
    return Promise.reject(error)
  })
  return client
}
