import type { ErrorResponse } from '@liuliang/shared'
import { UserFacingError } from './errors'

/** A failed API call: the server's `{error:{code,message}}`, or a code of ours when there was none. */
export class ApiError extends UserFacingError {
  override readonly name = 'ApiError'

  constructor(
    /** HTTP status; 0 when the request never got an answer. */
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

export const NETWORK_ERROR = 'NETWORK_ERROR'
export const BAD_RESPONSE = 'BAD_RESPONSE'

export type QueryValue = string | number | boolean | null | undefined

export interface RequestOptions {
  query?: Record<string, QueryValue>
  /** sent as JSON; a file (a Blob) is sent as it is, with its own type */
  body?: unknown
  /**
   * `false` for the calls that obtain a token (logins): no bearer is sent, and a 401 is the caller's
   * to show rather than a reason to leave the page.
   */
  auth?: boolean
  signal?: AbortSignal
  /** extra headers, e.g. an `Idempotency-Key` that makes a retried value change apply once */
  headers?: Record<string, string>
}

export interface HttpClientOptions {
  /** Prefix for every path; empty for same-origin (the server serves these builds). */
  baseUrl?: string
  getToken: () => string | null
  /** Called once per 401 on an authenticated call, before the error is thrown. */
  onUnauthorized: (error: ApiError) => void
}

export interface HttpClient {
  get<T>(path: string, options?: Omit<RequestOptions, 'body'>): Promise<T>
  post<T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>): Promise<T>
  request<T>(method: string, path: string, options?: RequestOptions): Promise<T>
}

// Used when a 4xx/5xx carries no error body of ours (a proxy, a crash, a rate limiter's own reply).
const STATUS_MESSAGES: Record<number, string> = {
  400: '请求有误，请检查后重试',
  401: '登录已失效，请重新登录',
  403: '没有权限执行此操作',
  404: '请求的内容不存在',
  409: '操作冲突，请刷新后重试',
  413: '文件过大',
  415: '不支持的文件类型',
  429: '操作过于频繁，请稍后再试',
}

export function messageForStatus(status: number): string {
  return STATUS_MESSAGES[status] ?? (status >= 500 ? '服务暂时不可用，请稍后再试' : `请求失败（${status}）`)
}

export function isErrorResponse(value: unknown): value is ErrorResponse {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false
  const error = (value as { error: unknown }).error
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  )
}

/** Turns a non-2xx response into an ApiError, trusting the body only when it has our shape. */
export async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown
  try {
    body = JSON.parse(await response.text())
  } catch {
    body = undefined
  }
  if (isErrorResponse(body)) {
    const message = body.error.message || messageForStatus(response.status)
    return new ApiError(response.status, body.error.code, message)
  }
  return new ApiError(response.status, `HTTP_${response.status}`, messageForStatus(response.status))
}

export function buildUrl(baseUrl: string, path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query ?? {})) {
    // Absent filters are left out rather than sent as "undefined" or empty strings.
    if (value === undefined || value === null || value === '') continue
    params.set(key, String(value))
  }
  const search = params.toString()
  return `${baseUrl}${path}${search ? `?${search}` : ''}`
}

export function createHttpClient({ baseUrl = '', getToken, onUnauthorized }: HttpClientOptions): HttpClient {
  async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const { query, body, auth = true, signal } = options
    const headers: Record<string, string> = { ...options.headers, accept: 'application/json' }
    const file = body instanceof Blob ? body : null
    if (body !== undefined) headers['content-type'] = file ? file.type : 'application/json'
    const token = auth ? getToken() : null
    if (token) headers.authorization = `Bearer ${token}`

    let response: Response
    try {
      response = await fetch(buildUrl(baseUrl, path, query), {
        method,
        headers,
        body: file ?? (body === undefined ? undefined : JSON.stringify(body)),
        signal,
      })
    } catch (cause) {
      // A cancelled request is not a failure to show; let the caller recognise it.
      if (signal?.aborted) throw cause
      throw new ApiError(0, NETWORK_ERROR, '网络连接失败，请检查网络后重试')
    }

    if (!response.ok) {
      const error = await toApiError(response)
      if (response.status === 401 && auth) onUnauthorized(error)
      throw error
    }
    if (response.status === 204) return undefined as T
    const text = await response.text()
    if (text === '') return undefined as T
    try {
      return JSON.parse(text) as T
    } catch {
      throw new ApiError(response.status, BAD_RESPONSE, '服务器返回了无法识别的数据')
    }
  }

  return {
    request,
    get: (path, options) => request('GET', path, options),
    post: (path, body, options) => request('POST', path, { ...options, body }),
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError'
}
