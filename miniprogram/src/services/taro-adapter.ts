import Taro from '@tarojs/taro'
import axios, { AxiosError, AxiosHeaders, type AxiosAdapter, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios'

type Method = NonNullable<Taro.request.Option['method']>

function settleError(config: InternalAxiosRequestConfig, response: AxiosResponse): AxiosError {
  // Same codes axios' own adapters use: 4xx is the caller's fault, 5xx the server's.
  const code = response.status >= 500 ? AxiosError.ERR_BAD_RESPONSE : AxiosError.ERR_BAD_REQUEST
  return new AxiosError(`Request failed with status code ${response.status}`, code, config, null, response)
}

/**
 * axios over `Taro.request`, for the mini-program where there is no XMLHttpRequest. axios still
 * serialises the body and parses the JSON reply, so both targets behave alike.
 */
export const taroRequestAdapter: AxiosAdapter = (config) =>
  new Promise<AxiosResponse>((resolve, reject) => {
    if (config.signal?.aborted) {
      reject(new axios.CanceledError(undefined, undefined, config))
      return
    }
    const task = Taro.request({
      url: axios.getUri(config),
      method: (config.method ?? 'get').toUpperCase() as Method,
      data: config.data,
      header: AxiosHeaders.from(config.headers).toJSON(true),
      timeout: config.timeout || undefined,
      // Leave the body as text: axios' transformResponse parses it, as on h5.
      dataType: 'text',
      responseType: config.responseType === 'arraybuffer' ? 'arraybuffer' : 'text',
    })
    const onAbort = () => {
      task.abort?.()
      reject(new axios.CanceledError(undefined, undefined, config))
    }
    config.signal?.addEventListener?.('abort', onAbort)
    // Taro.request both calls back and returns a promise; handling the promise's rejection
    // here keeps a failed request from surfacing as an unhandled rejection.
    task.then(
      (res) => {
        config.signal?.removeEventListener?.('abort', onAbort)
        const response: AxiosResponse = {
          data: res.data,
          status: res.statusCode,
          statusText: '',
          headers: AxiosHeaders.from(res.header as Record<string, string>),
          config,
          request: task,
        }
        const valid = !config.validateStatus || config.validateStatus(response.status)
        if (valid) resolve(response)
        else reject(settleError(config, response))
      },
      (err: unknown) => {
        config.signal?.removeEventListener?.('abort', onAbort)
        const errMsg = (err as { errMsg?: string } | undefined)?.errMsg ?? 'request:fail'
        const code = /timeout/i.test(errMsg) ? AxiosError.ETIMEDOUT : AxiosError.ERR_NETWORK
        reject(new AxiosError(errMsg, code, config, task))
      },
    )
  })
