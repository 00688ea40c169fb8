import fp from 'fastify-plugin'
import type { Duplex } from 'node:stream'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { TencentApiError, TencentTransportError } from '../clients/tencent-client'
import type {} from '@fastify/rate-limit'
import { validationMessage } from '@liuliang/shared'
import { AppError } from '../errors'

/** Fastify's own 4xx errors, named in our UPPER_SNAKE style with a zh-CN message. */
const FRAMEWORK_ERRORS: Record<string, { code: string; message: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', message: '不支持的请求内容类型' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'INVALID_BODY', message: '请求体不能为空' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'INVALID_BODY', message: '请求体不是合法的 JSON' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'BODY_TOO_LARGE', message: '请求体过大' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'INVALID_BODY', message: '请求长度不正确' },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'PARAM_TOO_LONG', message: '路径参数过长' },
  FST_ERR_BAD_URL: { code: 'BAD_URL', message: '请求地址不正确' },
}

/**
 * Errors Fastify raises in its router, before any handler runs (Fastify's `frameworkErrors`
 * option): answered in the same shape.
 */
export function answerFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  const known = (error.code && FRAMEWORK_ERRORS[error.code]) || { code: 'BAD_REQUEST', message: '请求不正确' }
  void reply.status(error.statusCode && error.statusCode < 500 ? error.statusCode : 400).send({ error: known })
}

/** Requests Node's HTTP parser rejects (oversized headers, garbage) never reach Fastify's routing. */
export function answerClientError(error: Error & { code?: string }, socket: Duplex) {
  if (!socket.writable) return
  const [status, reason, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'HEADERS_TOO_LARGE', '请求头或地址过长']
      : [400, 'Bad Request', 'BAD_REQUEST', '请求不正确']
  const body = JSON.stringify({ error: { code, message } })
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  )
}

/** One error handler: 4xx as `{error:{code,message}}`, 5xx logged and answered generically. */
export default fp(
  async (app) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof AppError) {
        return reply.status(error.statusCode).send({ error: { code: error.code, message: error.message } })
      }
      if (error.validation) {
        return reply.status(400).send({ error: { code: 'VALIDATION_FAILED', message: validationMessage(error.validation) } })
      }
      if (error instanceof TencentApiError || error instanceof TencentTransportError) {
        request.log.warn({ err: error }, 'Tencent API call failed')
        return reply.status(502).send({ error: { code: 'UPSTREAM_UNAVAILABLE', message: '微信服务暂时不可用，请稍后再试' } })
      }
      const status = error.statusCode ?? 500
      if (status === 429) {
        return reply.status(429).send({ error: { code: 'RATE_LIMITED', message: '请求过于频繁，请稍后再试' } })
      }
      if (status >= 400 && status < 500) return answerFrameworkError(error, request, reply)
      request.log.error({ err: error }, 'request failed')
      return reply.status(500).send({ error: { code: 'INTERNAL_ERROR', message: '服务器开小差了，请稍后再试' } })
    })

    app.setNotFoundHandler(
      { preHandler: app.rateLimit({ max: 60, timeWindow: '1 minute' }) },
      (request, reply) => {
        reply.status(404).send({ error: { code: 'NOT_FOUND', message: `没有这个接口：${request.method} ${request.url.split('?')[0]}` } })
      },
    )
  },
  { name: 'error-handler', dependencies: ['@fastify/rate-limit'] },
)
