import { useEffect, useState, type FormEvent } from 'react'
import type { CheckInSettings } from '@liuliang/shared'
import { errorMessage } from '@liuliang/ui/errors'
import { saveCheckinRules, useCheckinRules } from '../api/loyalty'
import { useDraft } from '../../../lib/unsaved-changes'
import { runSave, SaveStatus, type SaveState } from '../../../lib/save-state'
import { ManageOnly } from '../../../lib/admin-access'

const NUMBER_FIELDS = [
  { key: 'makeupCost', label: '补签消耗积分' },
  { key: 'makeupWindowDays', label: '可补签最近天数' },
  { key: 'makeupMonthlyLimit', label: '每月补签次数上限' },
] as const

function parseLadder(text: string): number[] | null {
  const steps = text.split(/[,，\s]+/).filter(Boolean).map(Number)
  return steps.length > 0 && steps.every((n) => Number.isInteger(n) && n >= 0) ? steps : null
}

export function CheckinRulesPage() {
  const rules = useCheckinRules()
  // The ladder stays text while it is typed; it becomes numbers only when saved.
  const { draft, setDraft, load, markSaved } = useDraft<{ ladder: string; numbers: Pick<CheckInSettings, (typeof NUMBER_FIELDS)[number]['key']> } | null>(null)
  const [state, setState] = useState<SaveState>('idle')

  useEffect(() => {
    if (rules.status !== 'success') return
    const { ladder, makeupCost, makeupWindowDays, makeupMonthlyLimit } = rules.data
    load({ ladder: ladder.join(', '), numbers: { makeupCost, makeupWindowDays, makeupMonthlyLimit } })
  }, [rules.status])

  if (rules.status === 'error') return <p className="form-error">加载失败：{errorMessage(rules.error)}</p>
  if (!draft) return <p className="muted">加载中…</p>
  const { ladder, numbers } = draft
  const steps = parseLadder(ladder)

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (steps) void runSave(setState, () => saveCheckinRules({ ladder: steps, ...numbers })).then((saved) => saved && markSaved())
  }

  return (
    <section className="page">
      <header className="page__header">
        <h1 className="page__title">签到规则</h1>
      </header>
      <form className="form-narrow" onSubmit={submit} noValidate>
        <label className="field">
          <span className="field__label">连续签到奖励（按第 1、2、3… 天，逗号分隔，满后重新开始）</span>
          <input className="field__input" name="ladder" value={ladder} onChange={(e) => setDraft({ ladder: e.target.value, numbers })} />
        </label>
        {!steps && <p className="form-error">请填写以逗号分隔的非负整数</p>}
        {NUMBER_FIELDS.map((field) => (
          <label className="field" key={field.key}>
            <span className="field__label">{field.label}</span>
            <input
              className="field__input"
              name={field.key}
              type="number"
              min={0}
              value={numbers[field.key]}
              onChange={(e) => setDraft({ ladder, numbers: { ...numbers, [field.key]: Number(e.target.value) } })}
            />
          </label>
        ))}
        <SaveStatus state={state} />
        <ManageOnly>
          <button className="button button--primary" type="submit" disabled={!steps || state === 'saving'}>
            {state === 'saving' ? '保存中…' : '保存'}
          </button>
        </ManageOnly>
      </form>
    </section>
  )
}
