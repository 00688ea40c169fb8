import { useEffect, useState } from 'react'
import type { LevelSettings } from '@liuliang/shared'
import { errorMessage } from '@liuliang/ui/errors'
import { saveLevels, useLevels } from '../api/loyalty'
import { useDraft } from '../../../lib/unsaved-changes'
import { runSave, SaveStatus, type SaveState } from '../../../lib/save-state'
import { ManageOnly } from '../../../lib/admin-access'

type Level = LevelSettings['levels'][number]

export function LevelsPage() {
  const remote = useLevels()
  const { draft: levels, setDraft: setLevels, load, markSaved } = useDraft<Level[] | null>(null)
  const [state, setState] = useState<SaveState>('idle')

  useEffect(() => {
    if (remote.status === 'success') load(remote.data.levels)
  }, [remote.status])

  if (remote.status === 'error') return <p className="form-error">加载失败：{errorMessage(remote.error)}</p>
  if (!levels) return <p className="muted">加载中…</p>

  const edit = (index: number, patch: Partial<Level>) => setLevels(levels.map((l, i) => (i === index ? { ...l, ...patch } : l)))

  return (
    <section className="page">
      <header className="page__header">
        <h1 className="page__title">会员等级</h1>
      </header>
      <p className="muted">成长值 = 累计获得的积分。V1 从 0 开始，门槛逐级升高；订单积分按等级倍率发放。</p>
      <table className="table">
        <thead>
          <tr>
            <th>等级</th>
            <th>名称</th>
            <th>成长值门槛</th>
            <th>订单积分倍率</th>
          </tr>
        </thead>
        <tbody>
          {levels.map((level, index) => (
            <tr key={level.code}>
              <td>{level.code}</td>
              <td>
                <input className="field__input" aria-label={`${level.code} 名称`} value={level.name} onChange={(e) => edit(index, { name: e.target.value })} />
              </td>
              <td>
                <input
                  className="field__input"
                  aria-label={`${level.code} 成长值门槛`}
                  type="number"
                  min={0}
                  disabled={index === 0}
                  value={level.minGrowth}
                  onChange={(e) => edit(index, { minGrowth: Number(e.target.value) })}
                />
              </td>
              <td>
                <input
                  className="field__input"
                  aria-label={`${level.code} 订单积分倍率`}
                  type="number"
                  min={1}
                  step={0.1}
                  value={level.orderPointsMultiplier}
                  onChange={(e) => edit(index, { orderPointsMultiplier: Number(e.target.value) })}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <SaveStatus state={state} />
      <ManageOnly>
        <button
          className="button button--primary"
          type="button"
          disabled={state === 'saving'}
          onClick={() => void runSave(setState, () => saveLevels({ levels })).then((saved) => saved && markSaved())}
        >
          {state === 'saving' ? '保存中…' : '保存'}
        </button>
      </ManageOnly>
    </section>
  )
}
