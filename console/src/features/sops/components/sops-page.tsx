import { SOP_TRIGGER_LABELS, SOP_TRIGGERS, WEEKDAY_LABELS, type Sop, type SopTrigger } from '@liuliang/shared'
import { useState } from 'react'
import { errorMessage } from '@liuliang/ui/errors'
import { formatDateTime } from '@liuliang/ui/format'
import { DataTable } from '../../../lib/data-table'
import { Field, TextField } from '../../../lib/field'
import { EditorFrame, ListPageHeader, SelectField, useEditor, useListPage } from '../../acquisition/components/editor-frame'
import { createSop, replaceSop, useSopChoices, useSops, useSopStats } from '../api/sops'
import { BLANK_SOP, formOf, sopProblems, sopRequest, type SopForm } from '../sop-form'
import '../../acquisition/acquisition.css'

const TRIGGER_CHOICES = SOP_TRIGGERS.map((trigger) => [trigger, SOP_TRIGGER_LABELS[trigger]] as const)
const WEEKDAY_CHOICES = WEEKDAY_LABELS.map((label, index) => [String(index + 1), label] as const)

function triggerText(sop: Sop): string {
  if (sop.trigger === 'date') return `${SOP_TRIGGER_LABELS.date}：${sop.date}`
  if (sop.trigger === 'weekly') return `每${WEEKDAY_LABELS[(sop.weekday ?? 1) - 1]}`
  return SOP_TRIGGER_LABELS[sop.trigger]
}

/** Activation SOPs (激活 SOP): rules whose timed steps become to-dos for the guides, and how they kept to them. */
export function SopsPage() {
  const sops = useSops()
  const page = useListPage<Sop>()
  const { editing, setEditing, openEditor } = page
  const [statsOf, setStatsOf] = useState<Sop | null>(null)
  return (
    <section className="page">
      <ListPageHeader title="激活SOP" newLabel="新建SOP" page={page} />
      <p className="muted">
        客户满足触发条件后，每个步骤到点会成为导购侧边栏里的待办（话术按客户自动填好，一键发送），并通过应用消息提醒导购；免打扰时段内的步骤顺延到结束时。客户删除导购后，其 SOP 自动结束。
      </p>
      <DataTable headings={['名称', '触发条件', '步骤', '进入人数', '进行中', '状态', '更新时间', '']} state={sops} empty="还没有 SOP">
        {sops.status === 'success' &&
          sops.data.items.map((sop) => (
            <tr key={sop.id}>
              <td>{sop.name}</td>
              <td>{triggerText(sop)}</td>
              <td>
                {sop.steps.map((step) => (
                  <div key={`${step.day}-${step.time}`} className="muted">
                    第 {step.day} 天 {step.time} · {step.scriptTitle ?? '话术已删除'}
                  </div>
                ))}
              </td>
              <td>{sop.enrolled}</td>
              <td>{sop.active}</td>
              <td>{sop.enabled ? '启用' : '已停用'}</td>
              <td>{formatDateTime(sop.updatedAt)}</td>
              <td>
                <button className="button button--link" type="button" onClick={() => openEditor(sop)}>
                  编辑
                </button>
                <button className="button button--link" type="button" onClick={() => setStatsOf(sop)}>
                  执行情况
                </button>
              </td>
            </tr>
          ))}
      </DataTable>
      {editing !== null && (
        <SopEditor
          key={editing === 'new' ? 'new' : `edit-${editing.id}`}
          sop={editing === 'new' ? null : editing}
          onSaved={(saved) => {
            setEditing(saved)
            sops.refresh()
          }}
          onClose={() => openEditor(null)}
        />
      )}
      {statsOf && <SopStatsCard key={statsOf.id} sop={statsOf} />}
    </section>
  )
}

function SopEditor({ sop, onSaved, onClose }: { sop: Sop | null; onSaved: (saved: Sop) => void; onClose: () => void }) {
  const editor = useEditor({
    initial: sop ? formOf(sop) : BLANK_SOP,
    problemsOf: sopProblems,
    save: (draft: SopForm) => (sop ? replaceSop(sop.id, sopRequest(draft)) : createSop(sopRequest(draft))),
    onSaved,
  })
  const choices = useSopChoices()
  const { draft, set } = editor
  const setStep = (index: number, patch: Partial<SopForm['steps'][number]>) =>
    set({ steps: draft.steps.map((step, at) => (at === index ? { ...step, ...patch } : step)) })
  const options = choices.status === 'success' ? choices.data : { scripts: [], liveCodes: [], tags: [] }
  const preview = (
    <figure className="chat-preview" aria-label="SOP 预览">
      <figcaption className="chat-preview__caption muted">导购会在这些时间收到待办</figcaption>
      {draft.steps.map((step, index) => (
        <p key={index} className="chat-bubble">
          第 {step.day || '?'} 天 {step.time} · {options.scripts.find((script) => String(script.id) === step.scriptId)?.title ?? '未选话术'}
        </p>
      ))}
    </figure>
  )
  return (
    <EditorFrame label={sop ? '编辑SOP' : '新建SOP'} title={sop ? `编辑「${sop.name}」` : '新建激活SOP'} submitLabel={sop ? '保存' : '创建'} editor={editor} preview={preview} onClose={onClose}>
      {choices.status === 'error' && <p className="form-error">话术、活码或标签加载失败：{errorMessage(choices.error)}</p>}
      <TextField label="名称" name="name" maxLength={30} value={draft.name} onValue={(name) => set({ name })} />
      <SelectField<SopTrigger> label="触发条件" name="trigger" value={draft.trigger} choices={TRIGGER_CHOICES} onValue={(trigger) => set({ trigger })} />
      {draft.trigger === 'live_code' && (
        <SelectField
          label="渠道活码"
          name="liveCodeId"
          prompt
          value={draft.liveCodeId}
          choices={options.liveCodes.map((code) => [String(code.id), code.name] as const)}
          onValue={(liveCodeId) => set({ liveCodeId })}
        />
      )}
      {draft.trigger === 'tag' && (
        <SelectField label="标签" name="tagId" prompt value={draft.tagId} choices={options.tags.map((tag) => [String(tag.id), tag.name] as const)} onValue={(tagId) => set({ tagId })} />
      )}
      {draft.trigger === 'date' && <TextField label="日期" name="date" type="date" value={draft.date} onValue={(date) => set({ date })} />}
      {draft.trigger === 'weekly' && <SelectField label="每周哪一天" name="weekday" value={draft.weekday} choices={WEEKDAY_CHOICES} onValue={(weekday) => set({ weekday })} />}
      {(draft.trigger === 'date' || draft.trigger === 'weekly') && (
        <fieldset className="field" aria-label="客户标签">
          <legend className="field__label">只发给有这些标签的客户（不选即全部客户）</legend>
          {options.tags.map((tag) => (
            <label key={tag.id} className="placeholder-bar">
              <input
                type="checkbox"
                checked={draft.audienceTagIds.includes(tag.id)}
                onChange={() =>
                  set({ audienceTagIds: draft.audienceTagIds.includes(tag.id) ? draft.audienceTagIds.filter((id) => id !== tag.id) : [...draft.audienceTagIds, tag.id] })
                }
              />
              {tag.name}
            </label>
          ))}
        </fieldset>
      )}
      <fieldset className="field" aria-label="步骤">
        <legend className="field__label">步骤（第 0 天即触发当天；已过时间的步骤立即到期）</legend>
        {draft.steps.map((step, index) => (
          <div key={index} className="placeholder-bar" aria-label={`第 ${index + 1} 步`}>
            第 <input className="field__input" aria-label={`第 ${index + 1} 步天数`} inputMode="numeric" size={3} value={step.day} onChange={(e) => setStep(index, { day: e.target.value })} /> 天
            <input className="field__input" aria-label={`第 ${index + 1} 步时间`} type="time" value={step.time} onChange={(e) => setStep(index, { time: e.target.value })} />
            <select className="field__input" aria-label={`第 ${index + 1} 步话术`} value={step.scriptId} onChange={(e) => setStep(index, { scriptId: e.target.value })}>
              <option value="">选择话术</option>
              {options.scripts.map((script) => (
                <option key={script.id} value={script.id}>
                  {script.title}
                </option>
              ))}
            </select>
            {draft.steps.length > 1 && (
              <button className="button button--link button--danger" type="button" onClick={() => set({ steps: draft.steps.filter((_, at) => at !== index) })}>
                删除
              </button>
            )}
          </div>
        ))}
        {draft.steps.length < 20 && (
          <button className="button button--small" type="button" onClick={() => set({ steps: [...draft.steps, { day: String(Number(draft.steps.at(-1)?.day ?? 0) + 1), time: '10:00', scriptId: '' }] })}>
            添加步骤
          </button>
        )}
      </fieldset>
      <label className="placeholder-bar">
        <input type="checkbox" checked={draft.quiet} onChange={(e) => set({ quiet: e.target.checked })} />
        免打扰时段
        {draft.quiet && (
          <>
            <input className="field__input" aria-label="免打扰开始" type="time" value={draft.quietStart} onChange={(e) => set({ quietStart: e.target.value })} /> 至
            <input className="field__input" aria-label="免打扰结束" type="time" value={draft.quietEnd} onChange={(e) => set({ quietEnd: e.target.value })} />
          </>
        )}
      </label>
      <Field label="到期后多少分钟内发送算按时">
        <input className="field__input" name="onTimeMinutes" inputMode="numeric" value={draft.onTimeMinutes} onChange={(e) => set({ onTimeMinutes: e.target.value })} />
      </Field>
      <label className="placeholder-bar">
        <input type="checkbox" checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
        启用（停用后不再有新客户进入，已进入的照常执行）
      </label>
    </EditorFrame>
  )
}

const OUTCOMES = [
  ['onTime', '按时发送'],
  ['late', '逾期发送'],
  ['missed', '错过'],
  ['overdue', '已逾期待发'],
  ['waiting', '未到期'],
] as const

function SopStatsCard({ sop }: { sop: Sop }) {
  const stats = useSopStats(sop.id)
  return (
    <section className="chart-card" aria-label="SOP执行情况">
      <h2 className="chart-card__title">「{sop.name}」执行情况</h2>
      {stats.status === 'loading' && <p className="muted">加载中…</p>}
      {stats.status === 'error' && <p className="form-error">加载失败：{errorMessage(stats.error)}</p>}
      {stats.status === 'success' && (
        <table className="table" aria-label="按导购的执行情况">
          <thead>
            <tr>
              <th>导购</th>
              {OUTCOMES.map(([key, label]) => (
                <th key={key}>{label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {stats.data.byGuide.length === 0 && (
              <tr>
                <td className="table__state" colSpan={OUTCOMES.length + 1}>
                  还没有客户进入这个 SOP
                </td>
              </tr>
            )}
            {stats.data.byGuide.map((row) => (
              <tr key={row.staffUserId}>
                <td>{row.staffName}</td>
                {OUTCOMES.map(([key]) => (
                  <td key={key}>{row[key]}</td>
                ))}
              </tr>
            ))}
            {stats.data.byGuide.length > 0 && (
              <tr>
                <td>合计</td>
                {OUTCOMES.map(([key]) => (
                  <td key={key}>{stats.data.totals[key]}</td>
                ))}
              </tr>
            )}
          </tbody>
        </table>
      )}
    </section>
  )
}
