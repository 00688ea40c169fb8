import { LOTTERY_PRIZE_TYPES, type AdminLottery, type CreateLotteryPrize, type CreateLotteryRequest } from '@liuliang/shared'
import { Fragment, useState, type FormEvent } from 'react'
import { errorMessage } from '@liuliang/ui/errors'
import { formatDateTime } from '@liuliang/ui/format'
import { useRequest } from '@liuliang/ui/use-request'
import { useCanManage } from '../../../lib/admin-access'
import { adminHttp } from '../../../lib/admin-http'
import { DataTable } from '../../../lib/data-table'
import { sameValue, useUnsavedChanges } from '../../../lib/unsaved-changes'
import { prizeOdds } from '../prize-odds'
import { OddsEditor } from './odds-editor'

const PRIZE_TYPE_TEXT: Record<CreateLotteryPrize['type'], string> = { points: '积分', coupon: '优惠券', physical: '实物', thanks: '谢谢参与' }
const MAX_PRIZES = 12

const blankPrize = (): CreateLotteryPrize => ({ name: '', type: 'physical', weight: 10, stock: 10 })
const localInput = (date: Date) => new Date(date.getTime() - date.getTimezoneOffset() * 60000).toISOString().slice(0, 16)

/** Lotteries: the running ones with their prizes, and a form to start a new one with its odds shown. */
export function LotteriesPage() {
  const canManage = useCanManage()
  const list = useRequest((signal) => adminHttp.get<{ items: AdminLottery[] }>('/api/admin/lotteries', { signal }), [])
  const [form, setForm] = useState(() => ({
    name: '',
    startsAt: localInput(new Date()),
    endsAt: localInput(new Date(Date.now() + 7 * 86400000)),
    costPoints: 10,
    freeDrawsPerDay: 1,
    maxDrawsPerUser: 10,
    prizes: [blankPrize()],
  }))
  const [state, setState] = useState<'idle' | 'saving' | { error: string } | { created: string }>('idle')
  const [editing, setEditing] = useState<number | null>(null)
  useUnsavedChanges(form.name !== '' || !sameValue(form.prizes, [blankPrize()]))
  const odds = prizeOdds(form.prizes.map((p) => p.weight))
  const setPrize = (index: number, patch: Partial<CreateLotteryPrize>) =>
    setForm({ ...form, prizes: form.prizes.map((p, i) => (i === index ? { ...p, ...patch } : p)) })

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setState('saving')
    const body: CreateLotteryRequest = {
      ...form,
      startsAt: new Date(form.startsAt).toISOString(),
      endsAt: new Date(form.endsAt).toISOString(),
      prizes: form.prizes.map(({ points, ...prize }) => (prize.type === 'points' ? { ...prize, points: points ?? 1 } : prize)),
    }
    try {
      const created = await adminHttp.post<AdminLottery>('/api/admin/lotteries', body)
      setState({ created: created.name })
      setForm({ ...form, name: '', prizes: [blankPrize()] })
      list.reload()
    } catch (error) {
      setState({ error: errorMessage(error) })
    }
  }

  return (
    <section className="page">
      <header className="page__header">
        <h1 className="page__title">抽奖活动</h1>
      </header>
      <DataTable headings={['活动', '时间', '每次消耗', '奖品（概率）', '状态', '']} state={list} empty="还没有抽奖活动">
        {list.status === 'success' &&
          list.data.items.map((lottery) => {
            const chances = prizeOdds(lottery.prizes.map((p) => p.weight))
            return (
              <Fragment key={lottery.id}>
                <tr>
                  <td>{lottery.name}</td>
                  <td>
                    {formatDateTime(lottery.startsAt)} — {formatDateTime(lottery.endsAt)}
                  </td>
                  <td>{lottery.costPoints} 积分</td>
                  <td>{lottery.prizes.map((p, i) => `${p.name}（${chances[i]}%，库存 ${p.stock}）`).join('、')}</td>
                  <td>{lottery.active ? '进行中' : '已停用'}</td>
                  <td>
                    {canManage && (
                      <button className="button button--link" type="button" onClick={() => setEditing(editing === lottery.id ? null : lottery.id)}>
                        调整概率
                      </button>
                    )}
                  </td>
                </tr>
                {editing === lottery.id && (
                  <tr>
                    <td colSpan={6}>
                      <OddsEditor
                        lottery={lottery}
                        onCancel={() => setEditing(null)}
                        onSaved={(saved) => {
                          setEditing(null)
                          list.mutate((data) => ({ items: data.items.map((item) => (item.id === saved.id ? saved : item)) }))
                        }}
                      />
                    </td>
                  </tr>
                )}
              </Fragment>
            )
          })}
      </DataTable>

      {canManage && (
        <form className="lottery-form" onSubmit={submit} aria-label="新建抽奖">
          <h2 className="chart-card__title">新建抽奖</h2>
          <div className="filter-row filter-row--inline">
            <label className="filter-field">
              <span className="filter-row__label">活动名称</span>
              <input className="field__input" aria-label="活动名称" required maxLength={40} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
            </label>
            <label className="filter-field">
              <span className="filter-row__label">开始</span>
              <input className="field__input" type="datetime-local" aria-label="开始时间" value={form.startsAt} onChange={(e) => setForm({ ...form, startsAt: e.target.value })} />
            </label>
            <label className="filter-field">
              <span className="filter-row__label">结束</span>
              <input className="field__input" type="datetime-local" aria-label="结束时间" value={form.endsAt} onChange={(e) => setForm({ ...form, endsAt: e.target.value })} />
            </label>
            {(
              [
                ['costPoints', '每次消耗积分', 0],
                ['freeDrawsPerDay', '每天免费次数', 0],
                ['maxDrawsPerUser', '每人总次数', 1],
              ] as const
            ).map(([key, label, min]) => (
              <label className="filter-field" key={key}>
                <span className="filter-row__label">{label}</span>
                <input
                  className="field__input"
                  type="number"
                  min={min}
                  aria-label={label}
                  value={form[key]}
                  onChange={(e) => setForm({ ...form, [key]: Number(e.target.value) })}
                />
              </label>
            ))}
          </div>
          <table className="table" aria-label="奖品">
            <thead>
              <tr>
                <th>奖品</th>
                <th>类型</th>
                <th>权重</th>
                <th>中奖概率</th>
                <th>库存</th>
                <th>积分数</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {form.prizes.map((prize, index) => (
                <tr key={index}>
                  <td>
                    <input className="field__input" aria-label={`奖品${index + 1}名称`} required maxLength={30} value={prize.name} onChange={(e) => setPrize(index, { name: e.target.value })} />
                  </td>
                  <td>
                    <select className="field__input" aria-label={`奖品${index + 1}类型`} value={prize.type} onChange={(e) => setPrize(index, { type: e.target.value as CreateLotteryPrize['type'] })}>
                      {LOTTERY_PRIZE_TYPES.filter((t) => t !== 'coupon').map((t) => (
                        <option key={t} value={t}>
                          {PRIZE_TYPE_TEXT[t]}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input className="field__input" type="number" min={0} aria-label={`奖品${index + 1}权重`} value={prize.weight} onChange={(e) => setPrize(index, { weight: Number(e.target.value) })} />
                  </td>
                  <td data-testid={`prize-odds-${index}`}>{odds[index]}%</td>
                  <td>
                    <input className="field__input" type="number" min={0} aria-label={`奖品${index + 1}库存`} value={prize.stock} onChange={(e) => setPrize(index, { stock: Number(e.target.value) })} />
                  </td>
                  <td>
                    {prize.type === 'points' && (
                      <input className="field__input" type="number" min={1} aria-label={`奖品${index + 1}积分数`} value={prize.points ?? 1} onChange={(e) => setPrize(index, { points: Number(e.target.value) })} />
                    )}
                  </td>
                  <td>
                    <button className="button button--link" type="button" disabled={form.prizes.length === 1} onClick={() => setForm({ ...form, prizes: form.prizes.filter((_, i) => i !== index) })}>
                      删除
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="audience-bar">
            <button className="button" type="button" disabled={form.prizes.length >= MAX_PRIZES} onClick={() => setForm({ ...form, prizes: [...form.prizes, blankPrize()] })}>
              添加奖品
            </button>
            <span className="muted">概率合计 {Math.round(odds.reduce((a, b) => a + b, 0) * 10) / 10}%</span>
            <button className="button button--primary" type="submit" disabled={state === 'saving'}>
              {state === 'saving' ? '创建中…' : '创建抽奖'}
            </button>
            {typeof state === 'object' && 'error' in state && (
              <span className="form-error" role="alert">
                {state.error}
              </span>
            )}
            {typeof state === 'object' && 'created' in state && <span role="status">已创建「{state.created}」</span>}
          </div>
        </form>
      )}
    </section>
  )
}
