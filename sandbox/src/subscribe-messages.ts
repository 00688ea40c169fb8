// Mini-program subscription messages (订阅消息): the brand's templates ("my templates" in the mini-program's
// admin), the one-time subscriptions each user has granted through wx.requestSubscribeMessage, and
// subscribeMessage.send with WeChat's errcodes and value rules.
import { ApiError, readObject, readString, type Json } from './tencent-api'

/** One keyword of a template, named as WeChat names them: its type followed by its number (`thing1`). */
export interface TemplateKeyword {
  name: string
  label: string
}

export interface SubscribeTemplate {
  priTmplId: string
  title: string
  keywords: TemplateKeyword[]
}

export interface SentSubscribeMessage {
  touser: string
  template_id: string
  page: string | null
  miniprogram_state: string
  lang: string
  data: Record<string, string>
  at: string
}

/**
 * The demo brand's templates, with fixed ids so a demo's configuration stays valid across restarts. Their titles
 * and keywords are ones WeChat's public library offers.
 */
export const DEMO_TEMPLATES: readonly SubscribeTemplate[] = [
  {
    priTmplId: 'LLdemoGroupbuyResult0000000000000000000001',
    title: '拼团结果通知',
    keywords: [
      { name: 'thing1', label: '商品名称' },
      { name: 'phrase2', label: '拼团结果' },
      { name: 'amount3', label: '拼团价' },
      { name: 'thing4', label: '温馨提示' },
    ],
  },
  {
    priTmplId: 'LLdemoOrderShipped00000000000000000000002',
    title: '订单发货通知',
    keywords: [
      { name: 'character_string1', label: '订单编号' },
      { name: 'thing2', label: '商品名称' },
      { name: 'thing3', label: '快递公司' },
      { name: 'character_string4', label: '快递单号' },
    ],
  },
  {
    priTmplId: 'LLdemoPrizeWon0000000000000000000000000003',
    title: '中奖结果通知',
    keywords: [
      { name: 'thing1', label: '活动名称' },
      { name: 'thing2', label: '奖品名称' },
      { name: 'time3', label: '中奖时间' },
      { name: 'thing4', label: '温馨提示' },
    ],
  },
  {
    priTmplId: 'LLdemoCommissionSettled00000000000000004',
    title: '佣金到账提醒',
    keywords: [
      { name: 'amount1', label: '佣金金额' },
      { name: 'character_string2', label: '订单编号' },
      { name: 'time3', label: '到账时间' },
      { name: 'thing4', label: '温馨提示' },
    ],
  },
  {
    priTmplId: 'LLdemoCheckinReminder000000000000000000005',
    title: '签到提醒',
    keywords: [
      { name: 'thing1', label: '活动名称' },
      { name: 'number2', label: '已连续签到' },
      { name: 'thing3', label: '温馨提示' },
    ],
  },
  {
    priTmplId: 'LLdemoCouponExpiring00000000000000000000006',
    title: '优惠券到期提醒',
    keywords: [
      { name: 'thing1', label: '优惠券名称' },
      { name: 'date2', label: '到期时间' },
      { name: 'thing3', label: '温馨提示' },
    ],
  },
]

const OPENID = /^o_[A-Za-z0-9_]{1,32}$/
/** A page of the mini-program: a path without a leading slash, with an optional query. */
const PAGE = /^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_-]+)*(?:\?[^\s#]*)?$/
const MAX_PAGE_CHARS = 1024
const STATES = ['developer', 'trial', 'formal']
const LANGS = ['zh_CN', 'en_US', 'zh_HK', 'zh_TW']

const chars = (value: string) => [...value].length
const within = (max: number) => (value: string) => chars(value) <= max
const HAN = /^[\u4e00-\u9fff]+$/u

/** WeChat's rule for each keyword type (subscribeMessage.send, "订阅消息参数值内容限制说明"). */
const VALUE_RULES = new Map<string, (value: string) => boolean>([
  ['thing', within(20)],
  ['number', (value) => /^[+-]?\d+(?:\.\d+)?$/.test(value) && chars(value) <= 32],
  ['letter', (value) => /^[A-Za-z]{1,32}$/.test(value)],
  ['symbol', (value) => /^[^\p{L}\p{N}\s]{1,5}$/u.test(value)],
  ['character_string', (value) => /^[\x21-\x7e]{1,32}$/.test(value)],
  ['time', (value) => /\d{1,2}:\d{2}/.test(value) && chars(value) <= 32],
  ['date', (value) => /^\d{4}(?:年|-|\/)\d{1,2}(?:月|-|\/)\d{1,2}日?(?: \d{1,2}:\d{2}(?::\d{2})?)?$/.test(value)],
  ['amount', (value) => /^(?:[¥￥$€£])?\d{1,10}(?:\.\d{1,2})?元?$/u.test(value)],
  ['phone_number', (value) => /^[\d+\-() ]{1,17}$/.test(value)],
  ['car_number', within(8)],
  ['name', (value) => (HAN.test(value) ? chars(value) <= 10 : /^[A-Za-z ]{1,20}$/.test(value))],
  ['phrase', (value) => HAN.test(value) && chars(value) <= 5],
])

const keywordType = (name: string) => name.replace(/\d+$/, '')

export function createSubscribeMessages(options: { now: () => Date }) {
  const templates = new Map(DEMO_TEMPLATES.map((template) => [template.priTmplId, template]))
  /** `${openid}\n${templateId}` → sends left */
  const grants = new Map<string, number>()
  const sent: SentSubscribeMessage[] = []
  const grantKey = (openid: string, templateId: string) => `${openid}\n${templateId}`

  function checkData(template: SubscribeTemplate, data: Json): Record<string, string> {
    const values: Record<string, string> = {}
    for (const name of Object.keys(data)) {
      if (!template.keywords.some((keyword) => keyword.name === name)) throw new ApiError(47003, `argument invalid! data.${name} is not in the template`)
    }
    for (const { name } of template.keywords) {
      const entry = readObject(data, name)
      const value = entry ? readString(entry, 'value') : undefined
      if (!value) throw new ApiError(47003, `argument invalid! data.${name}.value is empty`)
      const rule = VALUE_RULES.get(keywordType(name))
      if (!rule || !rule(value)) throw new ApiError(47003, `argument invalid! data.${name}.value invalid`)
      values[name] = value
    }
    return values
  }

  return {
    /** "My templates" as wxaapi/newtmpl/gettemplate lists them. */
    list() {
      return [...templates.values()].map(({ priTmplId, title, keywords }) => ({
        priTmplId,
        title,
        content: keywords.map((keyword) => `${keyword.label}:{{${keyword.name}.DATA}}\n`).join(''),
        example: '',
        type: 2,
      }))
    },

    /** The user tapped 允许 for these templates in wx.requestSubscribeMessage: one more send each. */
    grant(openid: string, templateIds: string[]): { templateId: string; result: 'accept' | 'filter'; remaining: number }[] {
      return templateIds.map((templateId) => {
        // As wx.requestSubscribeMessage does, an id that is not one of the brand's templates is filtered out.
        if (!templates.has(templateId)) return { templateId, result: 'filter', remaining: 0 }
        const key = grantKey(openid, templateId)
        const remaining = (grants.get(key) ?? 0) + 1
        grants.set(key, remaining)
        return { templateId, result: 'accept', remaining }
      })
    },

    /** Sends left per template for one user. */
    grantsOf(openid: string): Record<string, number> {
      return Object.fromEntries([...templates.keys()].map((templateId) => [templateId, grants.get(grantKey(openid, templateId)) ?? 0]))
    },

    /** subscribeMessage.send: checks in WeChat's order, then spends one of the user's subscriptions. */
    send(body: Json): void {
      const touser = readString(body, 'touser')
      if (!touser || !OPENID.test(touser)) throw new ApiError(40003, 'invalid openid')
      const templateId = readString(body, 'template_id')
      const template = templateId ? templates.get(templateId) : undefined
      if (!templateId || !template) throw new ApiError(40037, 'invalid template_id')
      const page = readString(body, 'page')
      if (page !== undefined && page !== '' && (!PAGE.test(page) || page.length > MAX_PAGE_CHARS)) throw new ApiError(41030, 'invalid page')
      const state = readString(body, 'miniprogram_state') ?? 'formal'
      if (!STATES.includes(state)) throw new ApiError(47003, 'argument invalid! miniprogram_state')
      const lang = readString(body, 'lang') ?? 'zh_CN'
      if (!LANGS.includes(lang)) throw new ApiError(47003, 'argument invalid! lang')
      const data = checkData(template, readObject(body, 'data') ?? {})
      const key = grantKey(touser, templateId)
      const left = grants.get(key) ?? 0
      if (left <= 0) throw new ApiError(43101, 'user refuse to accept the msg')
      grants.set(key, left - 1)
      sent.push({ touser, template_id: templateId, page: page || null, miniprogram_state: state, lang, data, at: options.now().toISOString() })
      if (sent.length > 1000) sent.shift()
    },

    /** What was delivered, newest first. */
    sent(filter: { touser?: string; templateId?: string } = {}): SentSubscribeMessage[] {
      return [...sent].reverse().filter((message) => (!filter.touser || message.touser === filter.touser) && (!filter.templateId || message.template_id === filter.templateId))
    },
  }
}

export type SubscribeMessages = ReturnType<typeof createSubscribeMessages>
