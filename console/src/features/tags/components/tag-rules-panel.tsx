import { useEffect, useRef, useState } from 'react'
import type { TagGroup, TagRule, TagRuleActivity } from '@liuliang/shared'
import { errorMessage } from '@liuliang/ui/errors'
import { runSave, SaveStatus, type SaveState } from '../../../lib/save-state'
import { useDraft } from '../../../lib/unsaved-changes'
import { putTagRule, useTagRules } from '../api/tags'
import { ManageOnly } from '../../../lib/admin-access'

/** What each automatic tag rule listens for, as the admin reads it. */
const ACTIVITY_LABELS: Record<TagRuleActivity, string> = {
  checkin_streak_7: '连续签到 7 天',
  lottery_won: '抽奖中奖',
  groupbuy_joined: '参加拼团',
  distributor_joined: '成为分销员',
}

/**
 * Automatic tags: one rule per activity. The server keeps a rule once set, so "deleting" one is
 * switching it off; a rule whose tag was deleted comes back without a tag.
 */
export function TagRulesPanel({ groups, version }: { groups: TagGroup[]; version: number }) {
  const rules = useTagRules()
  const seenVersion = useRef(version)
  // Deleting a tag drops the rules that used it; reload when the tags change.
  useEffect(() => {
    if (seenVersion.current === version) return
    seenVersion.current = version
    rules.refresh()
  }, [version])

  return (
    <section className="chart-card" aria-label="自动打标签">
      <h2 className="chart-card__title">自动打标签</h2>
      <p className="muted">客户完成以下行为时，自动打上选定的标签（同时标记到企业微信）。</p>
      {rules.status === 'loading' && <p className="muted">加载中…</p>}
      {rules.status === 'error' && <p className="form-error">加载失败：{errorMessage(rules.error)}</p>}
      {rules.status === 'success' && (
        <table className="table">
          <thead>
            <tr>
              <th>客户行为</th>
              <th>打上标签</th>
              <th>状态</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rules.data.rules.map((rule) => (
              <RuleRow key={rule.activity} rule={rule} groups={groups} onSaved={rules.refresh} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

function RuleRow({ rule, groups, onSaved }: { rule: TagRule; groups: TagGroup[]; onSaved: () => void }) {
  const loaded = { tagId: rule.tag?.id ?? null, enabled: rule.enabled }
  const { draft, setDraft, load, markSaved } = useDraft(loaded)
  useEffect(() => load(loaded), [loaded.tagId, loaded.enabled])
  const [state, setState] = useState<SaveState>('idle')
  const label = ACTIVITY_LABELS[rule.activity]
  const tagName = groups.flatMap((group) => group.tags).find((tag) => tag.id === draft.tagId)?.name

  const save = async () => {
    const { tagId, enabled } = draft
    if (tagId === null) return
    if (rule.enabled && !enabled && !window.confirm(`停用后，「${label}」的客户将不再自动打上「${tagName ?? ''}」。确定停用吗？`)) return
    if (await runSave(setState, () => putTagRule(rule.activity, { tagId, enabled }))) {
      markSaved()
      onSaved()
    }
  }

  return (
    <tr aria-label={label}>
      <td>{label}</td>
      <td>
        <select
          className="field__input"
          aria-label={`${label}的标签`}
          value={draft.tagId ?? ''}
          onChange={(event) => setDraft({ ...draft, tagId: event.target.value === '' ? null : Number(event.target.value) })}
        >
          <option value="">请选择标签</option>
          {groups.map((group) => (
            <optgroup key={group.id} label={group.name}>
              {group.tags.map((tag) => (
                <option key={tag.id} value={tag.id}>
                  {tag.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </td>
      <td>
        <label className="inline-form">
          <input type="checkbox" checked={draft.enabled} onChange={(event) => setDraft({ ...draft, enabled: event.target.checked })} />
          {draft.enabled ? '启用' : '停用'}
        </label>
      </td>
      <td>
        <span className="inline-form">
          <ManageOnly>
            <button className="button button--primary" type="button" disabled={draft.tagId === null || state === 'saving'} onClick={() => void save()}>
              保存
            </button>
          </ManageOnly>
          {draft.tagId === null && draft.enabled && <span className="muted">请先选择标签</span>}
          <SaveStatus state={state} />
        </span>
      </td>
    </tr>
  )
}
