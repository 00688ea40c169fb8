import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { DepartmentTreeSchema, DirectorySyncResultSchema } from '@liuliang/shared'
import { responses } from '../responses'

/** WeCom's department tree (通讯录部门): the stores and teams that scope store managers and department leaders. */
const departmentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const security = [{ bearer: [] }]
  const tags = ['admin', 'departments']

  app.get(
    '/departments',
    {
      config: { access: { area: 'settings', scope: 'none' } },
      schema: {
        tags,
        summary: 'The department tree as last read from WeCom, each department with its member count and leaders',
        security,
        response: responses({ 200: DepartmentTreeSchema }, 401),
      },
    },
    async () => app.departments.tree(),
  )

  app.post(
    '/departments/sync',
    {
      config: { access: { area: 'settings' }, rateLimit: { max: 6, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Read the department tree and every membership from WeCom now (it also runs at start and every 6 hours)',
        security,
        response: responses({ 200: DirectorySyncResultSchema }, 401, 429, 502),
      },
    },
    async () => app.departments.syncDirectory(),
  )
}

export default departmentRoutes
