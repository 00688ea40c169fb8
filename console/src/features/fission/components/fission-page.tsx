import { FISSION_INVITE_STATUSES, type FissionActivity, type FissionInviteStatus, type FissionRewardState, type FissionStatus } from '@liuliang/shared'
import { useState, type FormEvent } from 'react'
import { errorMessage } from '@liuliang/ui/errors'
import { formatDateTime } from '@liuliang/ui/format'
import { currentCursor, firstPage, type CursorStack } from '../../../lib/cursor-stack'
import { DataTable } from '../../../lib/data-table'
import { Pager } from '../../../lib/pager'
import { TabStrip } from '../../../lib/tab-strip'
import { sameValue, useUnsavedChanges } from '../../../lib/unsaved-changes'
import {
  createFissionActivity,
  deleteFissionActivity,
  retryReward,
  updateFissionActivity,
  useFissionActivities,
  useFunnel,
  useInvites,
  useParticipants,
  useRewardSources,
} from '../api/fission'
import { blankFissionForm, fissionRequest, formOf, type FissionForm } from '../fission-form'
import '../fission.css'
import { ManageOnly } from '../../../lib/admin-access'

const STATUS_TEXT: Record<FissionStatus, string> = { upcoming: '未开始', running: '进行中', ended: '已结束' }
const INVITE_STATUS_TEXT: Record<FissionInviteStatus, string> = {
  counted: '有效',
  withdrawn: '已撤回（好友删除导购）',
  not_new: '非新客',
  duplicate: '已为他人助力',
  self: '本人扫码',
  ended: '活动外添加',
}
const REWARD_STATE_TEXT: Record<FissionRewardState, string> = { none: '未达成', issued: '已发放', revoked: '已收回', failed: '发放失败' }

/** 任务宝: activities (create, edit, delete), and for the one opened its funnel, participants and invites. */
export function FissionPage() {
  const list = useFissionActivities()
  const [editing, setEditing] = useState<FissionActivity | 'new' | null>(null)
  const [opened, setOpened] = useState<FissionActivity | null>(null)
  const [note, setNote] = useState<string | null>(null)

  const remove = async (activity: FissionActivity) => {
    if (!window.confirm(`删除任务宝「${activity.name}」？参与者海报上的二维码将立即失效；已发放的奖励和邀请记录会保留。`)) return
    try {
      await deleteFissionActivity(activity.id)
      setNote(`已删除「${activity.name}」`)
      if (opened?.id === activity.id) setOpened(null)
      list.reload()
    } catch (error) {
      setNote(`删除失败：${errorMessage(error)}`)
    }
  }

  return (
    <section className="page">
      <header className="page__header">
        <h1 className="page__title">任务宝</h1>
        <ManageOnly>
          <button className="button button--primary" type="button" onClick={() => setEditing('new')}>
            新建活动
          </button>
        </ManageOnly>
      </header>
      <p className="muted">
        客户在小程序生成专属海报，好友扫码添加导购池里的导购即计入邀请：只计首次添加品牌导购的新好友，一位好友只为一人助力，活动期间好友删除导购则撤回；达到目标即发放一次奖励。
      </p>
      {note && <p role="status">{note}</p>}
      <DataTable headings={['活动', '导购池', '目标', '奖励', '时间', '状态', '参与 / 有效邀请 / 已奖励', '']} state={list} empty="还没有任务宝活动，点「新建活动」开始">
        {list.status === 'success' &&
          list.data.items.map((activity) => (
            <tr key={activity.id} className={opened?.id === activity.id ? 'row--selected' : undefined}>
              <td>{activity.name}</td>
              <td>{activity.liveCodeName}</td>
              <td>邀请 {activity.goal} 人</td>
              <td>{activity.reward.title}</td>
              <td>
                {formatDateTime(activity.startsAt)} — {formatDateTime(activity.endsAt)}
              </td>
              <td>{STATUS_TEXT[activity.status]}</td>
              <td>
                {activity.participants} / {activity.counted} / {activity.rewarded}
              </td>
              <td>
                <button className="button button--link" type="button" onClick={() => setOpened(activity)}>
                  数据
                </button>
                <ManageOnly>
                  <button className="button button--link" type="button" onClick={() => setEditing(activity)}>
                    编辑
                  </button>
                </ManageOnly>
                <ManageOnly>
                  <button className="button button--link" type="button" onClick={() => void remove(activity)}>
                    删除
                  </button>
                </ManageOnly>
              </td>
            </tr>
          ))}
      </DataTable>
      {editing && (
        <ActivityForm
          key={editing === 'new' ? 'new' : editing.id}
          activity={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null)
            setNote(`已保存「${saved.name}」`)
            list.reload()
          }}
        />
      )}
      {opened && <ActivityData key={opened.id} activity={opened} />}
    </section>
  )
}

function ActivityForm({ activity, onClose, onSaved }: { activity: FissionActivity | null; onClose: () => void; onSaved: (saved: FissionActivity) => void }) {
  const sources = useRewardSources()
  const [initial] = useState<FissionForm>(() => (activity ? formOf(activity) : blankFissionForm()))
  const [form, setForm] = useState(initial)
  const [state, setState] = useState<'idle' | 'saving' | { error: string }>('idle')
  useUnsavedChanges(!sameValue(form, initial))
  const set = (patch: Partial<FissionForm>) => setForm({ ...form, ...patch })

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const checked = fissionRequest(form)
    if ('error' in checked) return setState(checked)
    setState('saving')
    try {
      const { liveCodeId: _pool, ...change } = checked.request
      onSaved(activity ? await updateFissionActivity(activity.id, change) : await createFissionActivity(checked.request))
    } catch (error) {
      setState({ error: errorMessage(error) })
    }
  }

  const options = sources.status === 'success' ? sources.data : { codes: [], coupons: [], items: [] }
  return (
    <form className="fission-form chart-card" onSubmit={submit} aria-label={activity ? `编辑任务宝「${activity.name}」` : '新建任务宝'}>
      <h2 className="chart-card__title">{activity ? `编辑「${activity.name}」` : '新建任务宝'}</h2>
      {sources.status === 'error' && <p className="form-error">加载导购池和奖励失败：{errorMessage(sources.error)}</p>}
      <div className="fission-form__grid">
        <label className="filter-field">
          <span className="filter-row__label">活动名称</span>
          <input className="field__input" aria-label="活动名称" maxLength={40} value={form.name} onChange={(e) => set({ name: e.target.value })} />
        </label>
        <label className="filter-field">
          <span className="filter-row__label">导购池（渠道活码）</span>
          <select
            className="field__input"
            aria-label="导购池"
            value={form.liveCodeId}
            disabled={activity !== null}
            title={activity ? '参与者的二维码已按这个导购池生成，不能更换' : undefined}
            onChange={(e) => set({ liveCodeId: e.target.value })}
          >
            <option value="">请选择</option>
            {options.codes.map((code) => (
              <option key={code.id} value={code.id}>
                {code.name}（{code.staff.map((s) => s.staffName).join('、')}）
              </option>
            ))}
          </select>
        </label>
        <label className="filter-field">
          <span className="filter-row__label">邀请目标（新好友数）</span>
          <input className="field__input" type="number" min={1} max={100} aria-label="邀请目标" value={form.goal} onChange={(e) => set({ goal: e.target.value })} />
        </label>
        <label className="filter-field">
          <span className="filter-row__label">奖励类型</span>
          <select className="field__input" aria-label="奖励类型" value={form.rewardKind} onChange={(e) => set({ rewardKind: e.target.value as FissionForm['rewardKind'] })}>
            <option value="points">积分</option>
            <option value="coupon">优惠券</option>
            <option value="mall_item">积分商城礼品（免费赠送）</option>
          </select>
        </label>
        {form.rewardKind === 'points' && (
          <label className="filter-field">
            <span className="filter-row__label">奖励积分</span>
            <input className="field__input" type="number" min={1} aria-label="奖励积分" value={form.points} onChange={(e) => set({ points: e.target.value })} />
          </label>
        )}
        {form.rewardKind === 'coupon' && (
          <label className="filter-field">
            <span className="filter-row__label">奖励优惠券</span>
            <select className="field__input" aria-label="奖励优惠券" value={form.couponTemplateId} onChange={(e) => set({ couponTemplateId: e.target.value })}>
              <option value="">请选择</option>
              {options.coupons.map((coupon) => (
                <option key={coupon.id} value={coupon.id}>
                  {coupon.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {form.rewardKind === 'mall_item' && (
          <label className="filter-field">
            <span className="filter-row__label">奖励礼品</span>
            <select className="field__input" aria-label="奖励礼品" value={form.mallItemId} onChange={(e) => set({ mallItemId: e.target.value })}>
              <option value="">请选择</option>
              {options.items.map((item) => (
                <option key={item.id} value={item.id}>
                  {item.name}（库存 {item.stock}）
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="filter-field">
          <span className="filter-row__label">开始</span>
          <input className="field__input" type="datetime-local" aria-label="开始时间" value={form.startsAt} onChange={(e) => set({ startsAt: e.target.value })} />
        </label>
        <label className="filter-field">
          <span className="filter-row__label">结束</span>
          <input className="field__input" type="datetime-local" aria-label="结束时间" value={form.endsAt} onChange={(e) => set({ endsAt: e.target.value })} />
        </label>
        <label className="filter-field">
          <span className="filter-row__label">海报图片地址（可选）</span>
          <input className="field__input" aria-label="海报图片" maxLength={500} value={form.posterImageUrl} onChange={(e) => set({ posterImageUrl: e.target.value })} />
        </label>
      </div>
      <label className="filter-field">
        <span className="filter-row__label">活动规则（展示给客户）</span>
        <textarea className="field__input" rows={3} maxLength={2000} aria-label="活动规则" value={form.rules} onChange={(e) => set({ rules: e.target.value })} />
      </label>
      <label className="fission-check">
        <input
          type="checkbox"
          aria-label="邀请撤回时收回奖励"
          checked={form.rewardKind === 'points' && form.revokeOnWithdraw}
          disabled={form.rewardKind !== 'points'}
          onChange={(e) => set({ revokeOnWithdraw: e.target.checked })}
        />
        好友删除导购使邀请数低于目标时收回已发的积分（仅积分奖励；默认发出后不收回）
      </label>
      <div className="audience-bar">
        <button className="button button--primary" type="submit" disabled={state === 'saving'}>
          {state === 'saving' ? '保存中…' : activity ? '保存修改' : '创建活动'}
        </button>
        <button className="button" type="button" onClick={onClose}>
          取消
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

function ActivityData({ activity }: { activity: FissionActivity }) {
  const [version, setVersion] = useState(0)
  const [tab, setTab] = useState<'participants' | 'invites'>('participants')
  const funnel = useFunnel(activity.id, version)
  return (
    <section className="chart-card" aria-label={`${activity.name}的数据`}>
      <header className="fission-data__header">
        <h2 className="chart-card__title">「{activity.name}」的数据</h2>
        <button className="button" type="button" onClick={() => setVersion(version + 1)}>
          刷新
        </button>
      </header>
      {funnel.status === 'loading' && <p className="muted">加载中…</p>}
      {funnel.status === 'error' && <p className="form-error">加载失败：{errorMessage(funnel.error)}</p>}
      {funnel.status === 'success' && (
        <Funnel
          steps={[
            ['参与人数', funnel.data.participants],
            ['海报浏览', funnel.data.posterViews],
            ['扫码添加', funnel.data.adds],
            ['有效邀请', funnel.data.counted],
            ['获得奖励', funnel.data.rewarded],
          ]}
          footnote={`海报浏览人数 ${funnel.data.posterViewers}，已撤回邀请 ${funnel.data.withdrawn}`}
        />
      )}
      <TabStrip
        tabs={[
          ['participants', '参与者'],
          ['invites', '邀请记录'],
        ]}
        value={tab}
        onChange={setTab}
      />
      {tab === 'participants' ? <Participants activity={activity} version={version} /> : <Invites activity={activity} version={version} />}
    </section>
  )
}

/** Each step with its share of the step before it. */
function Funnel({ steps, footnote }: { steps: [string, number][]; footnote: string }) {
  const top = Math.max(1, ...steps.map(([, n]) => n))
  return (
    <div className="fission-funnel" aria-label="转化漏斗">
      {steps.map(([label, n], index) => {
        const before = index > 0 ? steps[index - 1]![1] : null
        return (
          <div className="fission-funnel__step" key={label}>
            <span className="fission-funnel__label">{label}</span>
            <span className="fission-funnel__bar" style={{ width: `${Math.max(2, (n / top) * 100)}%` }} />
            <span className="fission-funnel__value" data-testid={`funnel-${label}`}>
              {n}
              {before !== null && before > 0 && <span className="muted">（{Math.round((n / before) * 1000) / 10}%）</span>}
            </span>
          </div>
        )
      })}
      <p className="muted">{footnote}</p>
    </div>
  )
}

function Participants({ activity, version }: { activity: FissionActivity; version: number }) {
  const [cursors, setCursors] = useState<CursorStack>(firstPage)
  const page = useParticipants(activity.id, currentCursor(cursors), version)
  const [retrying, setRetrying] = useState<number | null>(null)
  const [note, setNote] = useState<string | null>(null)
  const retry = async (participantId: number) => {
    setRetrying(participantId)
    try {
      const after = await retryReward(activity.id, participantId)
      setNote(after.rewardState === 'issued' ? '奖励已发放' : `仍未发放：${after.rewardError ?? ''}`)
      page.reload()
    } catch (error) {
      setNote(`重新发放失败：${errorMessage(error)}`)
    } finally {
      setRetrying(null)
    }
  }
  return (
    <>
      {note && <p role="status">{note}</p>}
      <DataTable headings={['客户', '有效邀请', '奖励', '海报浏览', '参与时间']} state={page} empty="还没有客户参与">
        {page.status === 'success' &&
          page.data.items.map((participant) => (
            <tr key={participant.id}>
              <td>{participant.customerName ?? `客户 #${participant.customerId}`}</td>
              <td>
                {participant.invited} / {activity.goal}
              </td>
              <td>
                {REWARD_STATE_TEXT[participant.rewardState]}
                {participant.rewardedAt && participant.rewardState === 'issued' && <span className="muted">（{formatDateTime(participant.rewardedAt)}）</span>}
                {participant.rewardError && <div className="form-error">{participant.rewardError}</div>}
                {participant.rewardState === 'failed' && (
                  <button className="button button--link" type="button" disabled={retrying === participant.id} onClick={() => void retry(participant.id)}>
                    {retrying === participant.id ? '发放中…' : '重新发放'}
                  </button>
                )}
              </td>
              <td>{participant.posterViews}</td>
              <td>{formatDateTime(participant.joinedAt)}</td>
            </tr>
          ))}
      </DataTable>
      <Pager cursors={cursors} nextCursor={page.status === 'success' ? page.data.nextCursor : null} onChange={setCursors} />
    </>
  )
}

function Invites({ activity, version }: { activity: FissionActivity; version: number }) {
  const [status, setStatus] = useState<FissionInviteStatus | ''>('')
  const [cursors, setCursors] = useState<CursorStack>(firstPage)
  const page = useInvites(activity.id, status, currentCursor(cursors), version)
  return (
    <>
      <label className="filter-field fission-filter">
        <span className="filter-row__label">状态</span>
        <select
          className="field__input"
          aria-label="邀请状态"
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as FissionInviteStatus | '')
            setCursors(firstPage)
          }}
        >
          <option value="">全部</option>
          {FISSION_INVITE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {INVITE_STATUS_TEXT[s]}
            </option>
          ))}
        </select>
      </label>
      <DataTable headings={['好友', '邀请人', '添加的导购', '状态', '添加时间']} state={page} empty="还没有好友通过海报添加导购">
        {page.status === 'success' &&
          page.data.items.map((invite) => (
            <tr key={invite.id}>
              <td>{invite.friendName ?? `客户 #${invite.friendCustomerId}`}</td>
              <td>{invite.inviterName ?? `客户 #${invite.inviterCustomerId}`}</td>
              <td>{invite.staffName}</td>
              <td>
                <span className={`fission-status fission-status--${invite.status}`}>{INVITE_STATUS_TEXT[invite.status]}</span>
                {invite.withdrawnAt && <span className="muted">（{formatDateTime(invite.withdrawnAt)}）</span>}
              </td>
              <td>{formatDateTime(invite.addedAt)}</td>
            </tr>
          ))}
      </DataTable>
      <Pager cursors={cursors} nextCursor={page.status === 'success' ? page.data.nextCursor : null} onChange={setCursors} />
    </>
  )
}
