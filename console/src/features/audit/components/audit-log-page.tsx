import { AUDIT_ACTIONS, AUDIT_ACTION_TEXT, AUDIT_OBJECT_TEXT, type AuditEntry } from '@liuliang/shared'
import { Fragment, useState, type FormEvent } from 'react'
import { formatDateTime } from '@liuliang/ui/format'
import { currentCursor, firstPage, type CursorStack } from '../../../lib/cursor-stack'
import { DataTable } from '../../../lib/data-table'
import { Pager } from '../../../lib/pager'
import { useAuditEntries, type AuditFilters } from '../api/audit'
import { changeLabel, objectText, outcomeText, valueText } from '../audit-text'
import '../audit.css'

const BLANK = { admin: '', objectType: '', objectId: '', action: '', from: '', to: '' }
type Form = typeof BLANK

/** Only what was filled in is asked for. */
const filtersOf = (form: Form): AuditFilters =>
  Object.fromEntries(Object.entries(form).filter(([, value]) => value.trim() !== '').map(([key, value]) => [key, value.trim()])) as AuditFilters

/** 操作日志: what admins did, searched by person, object, action and dates; each entry's changed fields before and after. */
export function AuditLogPage() {
  const [form, setForm] = useState<Form>(BLANK)
  const [filters, setFilters] = useState<AuditFilters>({})
  const [cursors, setCursors] = useState<CursorStack>(firstPage)
  const [opened, setOpened] = useState<number | null>(null)
  const entries = useAuditEntries(filters, currentCursor(cursors))
  const search = (event: FormEvent) => {
    event.preventDefault()
    setFilters(filtersOf(form))
    setCursors(firstPage)
  }
  const field = (key: keyof Form) => ({ value: form[key], onChange: (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value }) })

  return (
    <section className="page">
      <header className="page__header">
        <h1 className="page__title">操作日志</h1>
        <span className="muted">记录只能查看，不能修改或删除</span>
      </header>
      <form className="filter-row filter-row--inline" onSubmit={search} aria-label="筛选操作日志">
        <label className="filter-field">
          <span className="filter-row__label">操作人</span>
          <input className="field__input" aria-label="操作人" maxLength={64} placeholder="用户名" {...field('admin')} />
        </label>
        <label className="filter-field">
          <span className="filter-row__label">对象类型</span>
          <select className="field__input" aria-label="对象类型" {...field('objectType')}>
            <option value="">全部</option>
            {Object.entries(AUDIT_OBJECT_TEXT).map(([type, text]) => (
              <option key={type} value={type}>
                {text}
              </option>
            ))}
          </select>
        </label>
        <label className="filter-field">
          <span className="filter-row__label">对象编号</span>
          <input className="field__input" aria-label="对象编号" maxLength={64} {...field('objectId')} />
        </label>
        <label className="filter-field">
          <span className="filter-row__label">操作类型</span>
          <select className="field__input" aria-label="操作类型" {...field('action')}>
            <option value="">全部</option>
            {AUDIT_ACTIONS.map((action) => (
              <option key={action} value={action}>
                {AUDIT_ACTION_TEXT[action]}
              </option>
            ))}
          </select>
        </label>
        <label className="filter-field">
          <span className="filter-row__label">开始日期</span>
          <input className="field__input" type="date" aria-label="开始日期" max={form.to || undefined} {...field('from')} />
        </label>
        <label className="filter-field">
          <span className="filter-row__label">结束日期</span>
          <input className="field__input" type="date" aria-label="结束日期" min={form.from || undefined} {...field('to')} />
        </label>
        <button className="button button--primary" type="submit">
          查询
        </button>
        <button
          className="button"
          type="button"
          onClick={() => {
            setForm(BLANK)
            setFilters({})
            setCursors(firstPage)
          }}
        >
          清空
        </button>
      </form>

      <DataTable headings={['时间', '操作人', '操作', '对象', '结果', '来源', '']} state={entries} empty="没有符合条件的操作记录">
        {entries.status === 'success' &&
          entries.data.items.map((entry) => (
            <Fragment key={entry.id}>
              <tr>
                <td>{formatDateTime(entry.at)}</td>
                <td>{entry.adminName ?? '—'}</td>
                <td>{AUDIT_ACTION_TEXT[entry.action]}</td>
                <td>{objectText(entry)}</td>
                <td>{outcomeText(entry.status)}</td>
                <td title={entry.userAgent ?? undefined}>{entry.ip ?? '—'}</td>
                <td>
                  <button className="button button--link" type="button" aria-expanded={opened === entry.id} onClick={() => setOpened(opened === entry.id ? null : entry.id)}>
                    {opened === entry.id ? '收起' : '详情'}
                  </button>
                </td>
              </tr>
              {opened === entry.id && (
                <tr>
                  <td colSpan={7}>
                    <EntryDetail entry={entry} />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
      </DataTable>
      <Pager cursors={cursors} nextCursor={entries.status === 'success' ? entries.data.nextCursor : null} onChange={setCursors} />
    </section>
  )
}

function EntryDetail({ entry }: { entry: AuditEntry }) {
  return (
    <div className="audit-detail" aria-label="操作详情">
      {entry.changes.length > 0 ? (
        <table className="table" aria-label="修改内容">
          <thead>
            <tr>
              <th>字段</th>
              <th>修改前</th>
              <th>修改后</th>
            </tr>
          </thead>
          <tbody>
            {entry.changes.map((change, index) => (
              <tr key={index}>
                <td>{changeLabel(change)}</td>
                <td>
                  <del>{valueText(change.field, change.before)}</del>
                </td>
                <td>
                  <ins>{valueText(change.field, change.after)}</ins>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">没有字段级的修改记录</p>
      )}
      <dl className="audit-detail__facts">
        <dt>请求</dt>
        <dd>{entry.method && entry.route ? `${entry.method} ${entry.route}` : '—'}</dd>
        <dt>浏览器</dt>
        <dd>{entry.userAgent ?? '—'}</dd>
        {entry.requestBody !== null && (
          <>
            <dt>提交内容</dt>
            <dd>
              <pre className="audit-detail__body">{JSON.stringify(entry.requestBody, null, 2)}</pre>
            </dd>
          </>
        )}
      </dl>
    </div>
  )
}
