import type { AdminLottery } from '@liuliang/shared'
import { useState, type FormEvent } from 'react'
import { errorMessage } from '@liuliang/ui/errors'
import { adminHttp } from '../../../lib/admin-http'
import { useUnsavedChanges } from '../../../lib/unsaved-changes'
import { prizeOdds } from '../prize-odds'

/** A running lottery's odds: each prize's weight with the chance it gives, saved together; draws from then on use them. */
export function OddsEditor({ lottery, onSaved, onCancel }: { lottery: AdminLottery; onSaved: (saved: AdminLottery) => void; onCancel: () => void }) {
  const [weights, setWeights] = useState(() => lottery.prizes.map((prize) => prize.weight))
  const [state, setState] = useState<'idle' | 'saving' | { error: string }>('idle')
  const changed = weights.some((weight, index) => weight !== lottery.prizes[index]?.weight)
  useUnsavedChanges(changed)
  const odds = prizeOdds(weights)

  const save = async (event: FormEvent) => {
    event.preventDefault()
    setState('saving')
    try {
      const prizes = lottery.prizes.map((prize, index) => ({ id: prize.id, weight: weights[index] as number }))
      onSaved(await adminHttp.request<AdminLottery>('PATCH', `/api/admin/lotteries/${lottery.id}`, { body: { prizes } }))
    } catch (error) {
      setState({ error: errorMessage(error) })
    }
  }

  return (
    <form className="odds-editor" onSubmit={save} aria-label={`调整「${lottery.name}」的中奖概率`}>
      <table className="table">
        <thead>
          <tr>
            <th>奖品</th>
            <th>权重</th>
            <th>中奖概率</th>
          </tr>
        </thead>
        <tbody>
          {lottery.prizes.map((prize, index) => (
            <tr key={prize.id}>
              <td>{prize.name}</td>
              <td>
                <input
                  className="field__input"
                  type="number"
                  min={0}
                  max={1_000_000}
                  required
                  aria-label={`${prize.name}权重`}
                  value={weights[index]}
                  onChange={(e) => setWeights(weights.map((w, i) => (i === index ? Number(e.target.value) : w)))}
                />
              </td>
              <td>{odds[index]}%</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="audience-bar">
        <span className="muted">修改后的概率从下一次抽奖起生效，已抽出的奖品不变</span>
        <button className="button" type="button" onClick={onCancel}>
          取消
        </button>
        <button className="button button--primary" type="submit" disabled={!changed || state === 'saving'}>
          {state === 'saving' ? '保存中…' : '保存概率'}
        </button>
        {typeof state === 'object' && (
          <span className="form-error" role="alert">
            {state.error}
          </span>
        )}
      </div>
    </form>
  )
}
