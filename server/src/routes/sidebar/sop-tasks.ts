import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { SendScriptResponseSchema, SendSopTaskRequestSchema, SopTaskParamsSchema } from '@liuliang/shared'
import { responses } from '../responses'

/** A guide's SOP to-dos (listed with the others at GET /todos): sending a due step. */
const sopTaskRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/sop-tasks/:taskId/sends',
    {
      schema: {
        tags: ['sidebar'],
        summary: 'Send a due SOP step to its customer: the filled ww.sendChatMessage payload; the step is done, on time or late',
        security: [{ bearer: [] }],
        params: SopTaskParamsSchema,
        body: SendSopTaskRequestSchema,
        response: responses({ 201: SendScriptResponseSchema }, 401, 403, 404, 409, 502),
      },
    },
    async (request, reply) => reply.status(201).send(await app.sops.send(request.staffMember, request.params.taskId, request.body)),
  )
}

export default sopTaskRoutes
