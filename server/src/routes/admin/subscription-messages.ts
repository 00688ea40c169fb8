import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  PageSchema,
  SubscriptionSendSchema,
  SubscriptionSendsQuerySchema,
  SubscriptionSettingsSchema,
  WechatTemplatesSchema,
} from '@liuliang/shared'
import { responses } from '../responses'

const security = [{ bearer: [] }]
const tags = ['admin']

/** Subscription messages: the brand's template per event, WeChat's list of its templates, and every send. */
const subscriptionMessageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/subscription-messages/settings',
    { schema: { tags, summary: 'The template and fields of each event, the check-in reminder hour and the coupon notice window', security, response: responses({ 200: SubscriptionSettingsSchema }, 401) } },
    async () => app.subscriptionMessages.rules(),
  )

  app.put(
    '/subscription-messages/settings',
    {
      schema: {
        tags,
        summary: 'Change the templates (an empty template id turns an event off)',
        security,
        body: SubscriptionSettingsSchema,
        response: responses({ 200: SubscriptionSettingsSchema }, 401),
      },
    },
    async (request) => app.subscriptionMessages.updateRules(request.body),
  )

  app.get(
    '/subscription-messages/wechat-templates',
    { schema: { tags, summary: "The brand's templates as WeChat lists them, with their keywords", security, response: responses({ 200: WechatTemplatesSchema }, 401, 502) } },
    async () => ({ items: await app.subscriptionMessages.wechatTemplates() }),
  )

  app.get(
    '/subscription-messages/sends',
    {
      schema: {
        tags,
        summary: 'Messages sent, newest first: to whom, which event and template, and what WeChat answered',
        security,
        querystring: SubscriptionSendsQuerySchema,
        response: responses({ 200: PageSchema(SubscriptionSendSchema) }, 401),
      },
    },
    async (request) => app.subscriptionMessages.sends(request.query),
  )
}

export default subscriptionMessageRoutes
