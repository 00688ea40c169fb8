import {
  businessDate,
  RFM_MONETARY_MODE_NAMES,
  RFM_MONETARY_MODES,
  RFM_SEGMENT_SCORES,
  rfmSegmentName,
  type RfmMonetaryMode,
  type RfmSuggestion,
} from '@liuliang/shared'
import { useEffect, useState, type FormEvent } from 'react'
import { env } from '@liuliang/ui/env'
import { errorMessage } from '@liuliang/ui/errors'
import { formatDateTime, formatFen } from '@liuliang/ui/format'
import { Field, TextField } from '../../../lib/field'
import { FormFooter } from '../../../lib/form-footer'
import { runSave, SaveStatus, type SaveState } from '../../../lib/save-state'
import { useDraft } from '../../../lib/unsaved-changes'
import { fetchRfmSuggestion, recomputeRfm, saveRfmSettings, useRfmSettings, useRfmSizes } from '../api/rfm'
import { checkRfm, rfmFormOf, withSuggestion, type RfmForm } from '../rfm-form'
import { ManageOnly } from '../../../lib/admin-access'

const HIGH_LOW = (high: boolean) => (high ? '高' : '低')

/** The brand's RFM thresholds, a suggestion from its buyers' medians, and the segments as they stand. */
export function RfmSettingsPage() {
  const today = businessDate(new Date(), env.businessTimeZone)
  const sizes = useRfmSizes(today)
  return (
    <section className="page">
      <header className="page__header">
        <h1 className="page__title">RFM 分群</h1>
      </header>
      <p className="muted">
        按最近一次消费（R）、统计周期内的消费次数（F）和消费金额（M）把客户分为八类。“消费”指已支付且未退款的订单；从未消费的客户不分群（未消费）。
        每天凌晨重新计算，客户每次支付或退款时也会立即更新。
      </p>
      <RfmSettingsForm onSaved={sizes.refresh} />
      <SegmentSizes sizes={sizes} />
    </section>
  )
}

function RfmSettingsForm({ onSaved }: { onSaved: () => void }) {
  const settings = useRfmSettings()
  const { draft, setDraft, load } = useDraft<RfmForm | null>(null)
  const [state, setState] = useState<SaveState>('idle')
  const [suggestion, setSuggestion] = useState<RfmSuggestion | 'loading' | { error: unknown } | null>(null)

  useEffect(() => {
    if (settings.status === 'success') load(rfmFormOf(settings.data))
  }, [settings.status])

  if (settings.status === 'error') return <p className="form-error">加载失败：{errorMessage(settings.error)}</p>
  if (!draft) return <p className="muted">加载中…</p>
  const checked = checkRfm(draft)
  const mode = RFM_MONETARY_MODE_NAMES[draft.monetaryMode]

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!checked.ok) return
    void runSave(setState, async () => {
      load(rfmFormOf(await saveRfmSettings(checked.value)))
      onSaved()
    })
  }
  const suggest = async () => {
    const windowDays = Number(draft.windowDays)
    if (!checked.ok && !Number.isInteger(windowDays)) return
    setSuggestion('loading')
    try {
      const found = await fetchRfmSuggestion(checked.ok ? checked.value.windowDays : windowDays, draft.monetaryMode)
      setSuggestion(found)
      setDraft(withSuggestion(draft, found))
    } catch (error) {
      setSuggestion({ error })
    }
  }

  return (
    <form className="form-narrow" aria-label="RFM 阈值" onSubmit={submit} noValidate>
      <TextField label="统计周期（天）：F 和 M 统计最近多少天的订单" name="windowDays" inputMode="numeric" value={draft.windowDays} onValue={(windowDays) => setDraft({ ...draft, windowDays })} />
      <TextField label="R 高：最近一次消费在多少天以内" name="recencyDays" inputMode="numeric" value={draft.recencyDays} onValue={(recencyDays) => setDraft({ ...draft, recencyDays })} />
      <TextField label="F 高：统计周期内消费至少多少次" name="frequencyOrders" inputMode="numeric" value={draft.frequencyOrders} onValue={(frequencyOrders) => setDraft({ ...draft, frequencyOrders })} />
      <Field label="M 的口径">
        <select
          className="field__input"
          name="monetaryMode"
          value={draft.monetaryMode}
          onChange={(event) => setDraft({ ...draft, monetaryMode: event.target.value as RfmMonetaryMode })}
        >
          {RFM_MONETARY_MODES.map((value) => (
            <option key={value} value={value}>
              {RFM_MONETARY_MODE_NAMES[value]}
            </option>
          ))}
        </select>
      </Field>
      <TextField label={`M 高：${mode}至少多少元`} name="monetary" inputMode="decimal" value={draft.monetary} onValue={(monetary) => setDraft({ ...draft, monetary })} />
      <p>
        <button className="button" type="button" disabled={suggestion === 'loading'} onClick={() => void suggest()}>
          {suggestion === 'loading' ? '正在计算…' : '按中位数建议'}
        </button>
      </p>
      <SuggestionNote suggestion={suggestion} />
      <FormFooter
        problems={checked.ok ? [] : checked.problems}
        state={state}
        canSubmit={checked.ok}
        label="保存"
        busyLabel="保存中…"
        done="已保存，客户分群已按新阈值重新计算"
      />
    </form>
  )
}

function SuggestionNote({ suggestion }: { suggestion: RfmSuggestion | 'loading' | { error: unknown } | null }) {
  if (suggestion === null || suggestion === 'loading') return null
  if ('error' in suggestion) return <p className="form-error">{errorMessage(suggestion.error)}</p>
  if (!suggestion.medians) return <p className="notice">还没有消费过的客户，暂无建议</p>
  const { medians } = suggestion
  return (
    <p className="notice" role="status">
      已按 {suggestion.buyers} 位消费客户的中位数填入（未保存）：最近消费 {Math.round(medians.recencyDays)} 天前，近 {suggestion.windowDays} 天消费{' '}
      {medians.orders} 次，{RFM_MONETARY_MODE_NAMES[suggestion.monetaryMode]} {formatFen(Math.round(medians.monetaryFen))}。F
      取高于中位数的次数：多数客户只买过一次。
    </p>
  )
}

function SegmentSizes({ sizes }: { sizes: ReturnType<typeof useRfmSizes> }) {
  const [state, setState] = useState<SaveState>('idle')
  const recompute = () => void runSave(setState, async () => {
    await recomputeRfm()
    sizes.refresh()
  })
  return (
    <>
      <header className="page__header">
        <h2>当前分群</h2>
        <ManageOnly>
          <button className="button" type="button" disabled={state === 'saving'} onClick={recompute}>
            {state === 'saving' ? '计算中…' : '立即重新计算'}
          </button>
        </ManageOnly>
      </header>
      <SaveStatus state={state} saved="已重新计算" />
      {sizes.status === 'success' && sizes.data.lastComputedAt && <p className="muted">最近计算：{formatDateTime(sizes.data.lastComputedAt)}</p>}
      {sizes.status === 'loading' && <p className="muted">加载中…</p>}
      {sizes.status === 'error' && <p className="form-error">加载失败：{errorMessage(sizes.error)}</p>}
      {sizes.status === 'success' && (
        <table className="table" aria-label="当前分群">
          <thead>
            <tr>
              <th>分群</th>
              <th>R 最近消费</th>
              <th>F 消费次数</th>
              <th>M 消费金额</th>
              <th>客户数</th>
            </tr>
          </thead>
          <tbody>
            {sizes.data.current.map(({ segment, customers }) => {
              const scores = segment ? RFM_SEGMENT_SCORES[segment] : null
              return (
                <tr key={segment ?? 'none'}>
                  <td>{rfmSegmentName(segment)}</td>
                  <td>{scores ? HIGH_LOW(scores.recency) : '—'}</td>
                  <td>{scores ? HIGH_LOW(scores.frequency) : '—'}</td>
                  <td>{scores ? HIGH_LOW(scores.monetary) : '—'}</td>
                  <td>{customers}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
    </>
  )
}
