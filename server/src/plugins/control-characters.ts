import fp from 'fastify-plugin'
import { fieldLabel, findControlCharacter } from '@liuliang/shared'
import { badRequest } from '../errors'

/**
 * Refuses a request whose path, query or body text holds a control character (NUL and the like),
 * before any schema or service sees it: PostgreSQL refuses NUL in text, and nobody can see or mean them.
 */
export default fp(
  async (app) => {
    app.addHook('preValidation', async (request) => {
      for (const part of [request.params, request.query, request.body]) {
        const at = findControlCharacter(part)
        if (at !== null) throw badRequest('CONTROL_CHARACTERS', `${fieldLabel(at) ?? '提交的内容'}含有不可见的控制字符，请删除后重试`)
      }
    })
  },
  { name: 'control-characters' },
)
