import {
  KEYWORD_MAX_CHARS,
  keywordTypeOf,
  MINIPROGRAM_STATES,
  SUBSCRIPTION_EVENT_NAMES,
  SUBSCRIPTION_EVENT_VARIABLES,
  SUBSCRIPTION_EVENTS,
  SUBSCRIPTION_SEND_STATUS_NAMES,
  SUBSCRIPTION_SEND_STATUSES,
  type SubscriptionEvent,
  type SubscriptionSend,
  type SubscriptionSendStatus,
  type SubscriptionSettings,
  type SubscriptionTemplate,
  type WechatTemplate,
} from '@liuliang/shared'
import { useEffect, useState, type FormEvent } from 'react'
import { errorMessage } from '@liuliang/ui/errors'
import { formatDateTime } from '@liuliang/ui/format'
import { useRequest } from '@liuliang/ui/use-request'
import { adminHttp } from '../../../lib/admin-http'
import { currentCursor, firstPage, type CursorStack } from '../../../lib/cursor-stack'
import { DataTable } from '../../../lib/data-table'
import { Field } from '../../../lib/field'
import { Pager } from '../../../lib/pager'
import { runSave, SaveStatus, type SaveState } from '../../../lib/save-state'
import { useDraft } from '../../../lib/unsaved-changes'
import { ManageOnly } from '../../../lib/admin-access'

const STATE_NAMES = { developer: '开发版', trial: '体验版', formal: '正式版' } as const

/** Subscription messages: the brand's WeChat template for each event with its fields, and what was sent. */
export function SubscriptionMessagesPage() {
  return (
    <section className="page">
      <header className="page__header">
        <h1 className="page__title">订阅消息</h1>
      </header>
      <p className="muted">
        小程序在支付、抽奖、签到等时刻请客户订阅通知；客户每允许一次，就可以给他发一条该模板的消息。模板 ID 和关键词在微信公众平台「订阅消息」里选好后填到这里，留空表示不发送。
        字段内容可用 {'{变量}'}，发送前按微信对每类关键词的长度限制自动截断（如 thing 20 字、phrase 5 字）。
      </p>
      <SettingsForm />
      <RecentSends />
    </section>
  )
}

function SettingsForm() {
  const current = useRequest((signal) => adminHttp.get<SubscriptionSettings>('/api/admin/subscription-messages/settings', { signal }), [])
  const wechat = useRequest((signal) => adminHttp.get<{ items: WechatTemplate[] }>('/api/admin/subscription-messages/wechat-templates', { signal }), [])
  const { draft, setDraft, load } = useDraft<SubscriptionSettings | null>(null)
  const [state, setState] = useState<SaveState>('idle')

  useEffect(() => {
    if (current.status === 'success') load(current.data)
  }, [current.status])

  if (current.status === 'error') return <p className="form-error">加载失败：{errorMessage(current.error)}</p>
  if (!draft) return <p className="muted">加载中…</p>
  const templates = wechat.status === 'success' ? wechat.data.items : []
  const setTemplate = (event: SubscriptionEvent, template: SubscriptionTemplate) => setDraft({ ...draft, templates: { ...draft.templates, [event]: template } })

  const submit = (event: FormEvent) => {
    event.preventDefault()
    void runSave(setState, async () => load(await adminHttp.request<SubscriptionSettings>('PUT', '/api/admin/subscription-messages/settings', { body: draft })))
  }

  return (
    <form aria-label="订阅消息模板" onSubmit={submit} noValidate>
      {wechat.status === 'error' && <p className="notice">读取微信模板列表失败（{errorMessage(wechat.error)}），仍可手动填写模板 ID 和关键词。</p>}
      <div className="form-narrow">
        <Field label="点击消息打开的小程序版本">
          <select
            className="field__input"
            name="miniprogramState"
            value={draft.miniprogramState}
            onChange={(event) => setDraft({ ...draft, miniprogramState: event.target.value as SubscriptionSettings['miniprogramState'] })}
          >
            {MINIPROGRAM_STATES.map((value) => (
              <option key={value} value={value}>
                {STATE_NAMES[value]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="签到提醒时间（每天几点，0–23）">
          <input
            className="field__input"
            name="checkinReminderHour"
            type="number"
            min={0}
            max={23}
            value={draft.checkinReminderHour}
            onChange={(event) => setDraft({ ...draft, checkinReminderHour: Number(event.target.value) })}
          />
        </Field>
        <Field label="优惠券到期前几天提醒（1–30）">
          <input
            className="field__input"
            name="couponNoticeDays"
            type="number"
            min={1}
            max={30}
            value={draft.couponNoticeDays}
            onChange={(event) => setDraft({ ...draft, couponNoticeDays: Number(event.target.value) })}
          />
        </Field>
      </div>
      {SUBSCRIPTION_EVENTS.map((event) => (
        <EventTemplate key={event} event={event} value={draft.templates[event]} wechatTemplates={templates} onChange={(value) => setTemplate(event, value)} />
      ))}
      <p>
        <ManageOnly>
          <button className="button button--primary" type="submit" disabled={state === 'saving'}>
            {state === 'saving' ? '保存中…' : '保存'}
          </button>
        </ManageOnly>
      </p>
      <SaveStatus state={state} />
    </form>
  )
}

function EventTemplate({
  event,
  value,
  wechatTemplates,
  onChange,
}: {
  event: SubscriptionEvent
  value: SubscriptionTemplate
  wechatTemplates: WechatTemplate[]
  onChange: (value: SubscriptionTemplate) => void
}) {
  const chosen = wechatTemplates.find((template) => template.templateId === value.templateId)
  const variables = Object.entries(SUBSCRIPTION_EVENT_VARIABLES[event])
  // Choosing a template from WeChat's list keeps the fields its keywords share, and adds rows for the others.
  const choose = (templateId: string) => {
    const template = wechatTemplates.find((entry) => entry.templateId === templateId)
    const fields = template
      ? template.keywords.map(({ keyword }) => value.fields.find((field) => field.keyword === keyword) ?? { keyword, text: '' })
      : value.fields
    onChange({ ...value, templateId, fields })
  }
  const setField = (index: number, field: { keyword: string; text: string }) => onChange({ ...value, fields: value.fields.map((old, i) => (i === index ? field : old)) })
  // WeChat refuses a message (47003) unless every keyword of the template has a value and no other is sent.
  const missing = chosen ? chosen.keywords.filter(({ keyword }) => !value.fields.some((field) => field.keyword === keyword && field.text.trim())) : []
  const extra = chosen ? value.fields.filter((field) => !chosen.keywords.some(({ keyword }) => keyword === field.keyword)) : []
  return (
    <fieldset className="card" aria-label={SUBSCRIPTION_EVENT_NAMES[event]} id={`subscription-${event}`}>
      <legend>
        <strong>{SUBSCRIPTION_EVENT_NAMES[event]}</strong> {value.templateId ? <span className="badge">已启用</span> : <span className="muted">不发送</span>}
      </legend>
      <Field label="模板">
        {wechatTemplates.length > 0 ? (
          <select className="field__input" name={`${event}-template`} value={value.templateId} onChange={(change) => choose(change.target.value)}>
            <option value="">不发送</option>
            {wechatTemplates.map((template) => (
              <option key={template.templateId} value={template.templateId}>
                {template.title}（{template.templateId}）
              </option>
            ))}
            {value.templateId && !chosen && <option value={value.templateId}>{value.templateId}（不在微信模板列表中）</option>}
          </select>
        ) : (
          <input className="field__input" name={`${event}-template`} value={value.templateId} placeholder="模板 ID，留空不发送" onChange={(change) => onChange({ ...value, templateId: change.target.value.trim() })} />
        )}
      </Field>
      <Field label="点击打开的页面">
        <input className="field__input" name={`${event}-page`} value={value.page} onChange={(change) => onChange({ ...value, page: change.target.value.trim() })} />
      </Field>
      <table className="table">
        <thead>
          <tr>
            <th>关键词</th>
            <th>内容</th>
            <th>限制</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {value.fields.map((field, index) => {
            const label = chosen?.keywords.find((keyword) => keyword.keyword === field.keyword)?.label
            const type = keywordTypeOf(field.keyword)
            const max = type ? KEYWORD_MAX_CHARS[type] : undefined
            return (
              <tr key={index}>
                <td>
                  <input className="field__input" aria-label="关键词" value={field.keyword} onChange={(change) => setField(index, { ...field, keyword: change.target.value.trim() })} />
                  {label && <span className="muted">{label}</span>}
                </td>
                <td>
                  <input className="field__input" aria-label="内容" value={field.text} onChange={(change) => setField(index, { ...field, text: change.target.value })} />
                </td>
                <td className="muted">{type ? (max ? `${type}，最多 ${max} 字` : type) : '未知类型'}</td>
                <td>
                  <button className="button" type="button" onClick={() => onChange({ ...value, fields: value.fields.filter((_, i) => i !== index) })}>
                    删除
                  </button>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      {(missing.length > 0 || extra.length > 0) && (
        <p className="form-error" role="note">
          {missing.length > 0 && `模板的关键词 ${missing.map(({ keyword, label }) => `${keyword}（${label}）`).join('、')} 还没有内容。`}
          {extra.length > 0 && `模板没有关键词 ${extra.map((field) => field.keyword || '（空）').join('、')}。`}
          微信会拒绝发送。
        </p>
      )}
      <p>
        <button className="button" type="button" onClick={() => onChange({ ...value, fields: [...value.fields, { keyword: '', text: '' }] })}>
          添加字段
        </button>
        <span className="muted">
          可用变量：{variables.map(([name, label]) => `{${name}} ${label}`).join('，')}
        </span>
      </p>
    </fieldset>
  )
}

function RecentSends() {
  const [event, setEvent] = useState<SubscriptionEvent | ''>('')
  const [status, setStatus] = useState<SubscriptionSendStatus | ''>('')
  const [cursors, setCursors] = useState<CursorStack>(firstPage)
  const list = useRequest(
    (signal) =>
      adminHttp.get<{ items: SubscriptionSend[]; nextCursor: string | null }>('/api/admin/subscription-messages/sends', {
        query: { event: event || undefined, status: status || undefined, cursor: currentCursor(cursors) ?? undefined, limit: 20 },
        signal,
      }),
    [event, status, cursors],
  )
  return (
    <section aria-label="发送记录">
      <header className="page__header">
        <h2>发送记录</h2>
        <select
          className="field__input"
          aria-label="事件"
          value={event}
          onChange={(change) => {
            setEvent(change.target.value as SubscriptionEvent | '')
            setCursors(firstPage)
          }}
        >
          <option value="">全部事件</option>
          {SUBSCRIPTION_EVENTS.map((value) => (
            <option key={value} value={value}>
              {SUBSCRIPTION_EVENT_NAMES[value]}
            </option>
          ))}
        </select>
        <select
          className="field__input"
          aria-label="结果"
          value={status}
          onChange={(change) => {
            setStatus(change.target.value as SubscriptionSendStatus | '')
            setCursors(firstPage)
          }}
        >
          <option value="">全部结果</option>
          {SUBSCRIPTION_SEND_STATUSES.map((value) => (
            <option key={value} value={value}>
              {SUBSCRIPTION_SEND_STATUS_NAMES[value]}
            </option>
          ))}
        </select>
        <button className="button" type="button" onClick={() => list.reload()}>
          刷新
        </button>
      </header>
      <DataTable headings={['时间', '客户', '事件', '内容', '结果']} state={list} empty="还没有发送过订阅消息">
        {list.status === 'success' &&
          list.data.items.map((send) => (
            <tr key={send.id} id={`subscription-send-${send.id}`}>
              <td>{formatDateTime(send.createdAt)}</td>
              <td>{send.customerName ?? `客户 #${send.customerId}`}</td>
              <td>{SUBSCRIPTION_EVENT_NAMES[send.event]}</td>
              <td>
                {Object.values(send.data).join(' · ')}
                {send.page && <div className="muted">{send.page}</div>}
              </td>
              <td>
                {SUBSCRIPTION_SEND_STATUS_NAMES[send.status]}
                {send.errcode !== null && <span className="muted">（errcode {send.errcode}）</span>}
              </td>
            </tr>
          ))}
      </DataTable>
      <Pager cursors={cursors} nextCursor={list.status === 'success' ? list.data.nextCursor : null} onChange={setCursors} />
    </section>
  )
}
