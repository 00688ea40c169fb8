import fp from 'fastify-plugin'
import type { Config } from '../env'
import { databaseCredentials } from './shared-credentials'
import { createWechatClient, type WechatClient } from './wechat-client'
import { createWecomClient, type WecomClient } from './wecom-client'

declare module 'fastify' {
  interface FastifyInstance {
    wechat: WechatClient
    wecom: WecomClient
  }
}

export default fp(
  async (app, { config }: { config: Config }) => {
    const now = () => app.now()
    const credentials = databaseCredentials(app.db, now)
    app.decorate('wechat', createWechatClient({ ...config.wechat, now, credentials }))
    app.decorate('wecom', createWecomClient({ ...config.wecom, now, credentials }))
  },
  { name: 'tencent-clients', dependencies: ['clock', 'db'] },
)
