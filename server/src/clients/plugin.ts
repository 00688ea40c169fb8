import fp from 'fastify-plugin'
import type { Config } from '../env'
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
    app.decorate('wechat', createWechatClient(config.wechat))
    app.decorate('wecom', createWecomClient(config.wecom))
  },
  { name: 'tencent-clients' },
)
