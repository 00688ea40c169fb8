import type { AdminGroupbuyCampaign, GroupStatus, GroupbuyCampaign } from '@liuliang/shared'
import { useState, type FormEvent } from 'react'
import { errorMessage } from '@liuliang/ui/errors'
import { formatDateTime } from '@liuliang/ui/format'
import { currentCursor, firstPage, type CursorStack } from '../../../lib/cursor-stack'
import { DataTable } from '../../../lib/data-table'
import { Field, TextField } from '../../../lib/field'
import { Pager } from '../../../lib/pager'
import { runSave, type SaveState } from '../../../lib/save-state'
import { sameValue, useUnsavedChanges } from '../../../lib/unsaved-changes'
import { createCampaign, updateCampaign, useCampaignGroups, useCampaigns, useProducts } from '../api/conversion'
import { BLANK_GROUPBUY, campaignEditOf, checkCampaignEdit, checkGroupbuy, type CampaignEdit, type GroupbuyForm } from '../groupbuy-form'
import { yuan } from '../money'
import { usePatchForm } from '../use-patch-form'
import { FormFooter } from '../../../lib/form-footer'
import { Failure, OnOffActions, useOnOffList } from './on-off-row'

const GROUP_STATUS_TEXT: Record<GroupStatus, string> = { pending: '待团长付款', open: '拼团中', succeeded: '已成团', failed: '未成团', cancelled: '已取消' }

/** Where a running campaign stands against its window. */
function campaignStatus(campaign: GroupbuyCampaign, now = new Date()): string {
  if (campaign.startsAt && new Date(campaign.startsAt) > now) return '未开始'
  if (campaign.endsAt && new Date(campaign.endsAt) <= now) return '已结束'
  return '进行中'
}

const saleWindow = (campaign: GroupbuyCampaign) =>
  `${campaign.startsAt ? formatDateTime(campaign.startsAt) : '创建起'} 至 ${campaign.endsAt ? formatDateTime(campaign.endsAt) : '不限'}`

/** Group-buy campaigns: how their groups are doing, stopping one, and creating or adjusting one. */
export function GroupbuysPage() {
  const campaigns = useCampaigns()
  const [viewing, setViewing] = useState<AdminGroupbuyCampaign | null>(null)
  const { editing, setEditing, failure, edit, switchActive } = useOnOffList<AdminGroupbuyCampaign>({
    offQuestion: (campaign) => `停止「${campaign.productName}」拼团？停止后顾客不能再开团或参团，未满员的团到时限后按未成团退款。`,
    update: (campaign, active) => updateCampaign(campaign.id, { active }),
    onUpdated: campaigns.refresh,
  })

  return (
    <section className="page">
      <header className="page__header">
        <h1 className="page__title">拼团活动</h1>
        {editing && (
          <button className="button" type="button" onClick={() => edit(null)}>
            新建拼团
          </button>
        )}
      </header>
      <Failure message={failure} />
      <DataTable
        headings={['商品', '拼团价 / 原价', '成团人数', '成团时限', '库存', '每人限购', '活动时间', '成团结果', '状态', '操作']}
        state={campaigns}
        empty="还没有拼团活动，在下方创建第一个"
      >
        {campaigns.status === 'success' &&
          campaigns.data.items.map((campaign) => (
            <tr key={campaign.id}>
              <td>{campaign.productName}</td>
              <td>
                ¥{yuan(campaign.priceFen)} <span className="muted">/ ¥{yuan(campaign.originalPriceFen)}</span>
              </td>
              <td>{campaign.groupSize} 人</td>
              <td>{campaign.durationMinutes} 分钟</td>
              <td>{campaign.stock}</td>
              <td>{campaign.perUserLimit}</td>
              <td>{saleWindow(campaign)}</td>
              <td>
                拼团中 {campaign.groups.open} · 成团 {campaign.groups.succeeded} · 未成团 {campaign.groups.failed}
              </td>
              <td>{campaign.active ? <span className="badge badge--green">{campaignStatus(campaign)}</span> : <span className="badge">已停止</span>}</td>
              <td>
                <button className="button button--link" type="button" onClick={() => setViewing(campaign)}>
                  查看团
                </button>
                <OnOffActions active={campaign.active} offLabel="停止" onLabel="恢复" onEdit={() => edit(campaign)} onSwitch={() => void switchActive(campaign)} />
              </td>
            </tr>
          ))}
      </DataTable>

      {viewing && <CampaignGroups key={viewing.id} campaign={viewing} onClose={() => setViewing(null)} />}

      {editing ? (
        <CampaignEditForm
          key={editing.id}
          campaign={editing}
          onSaved={(updated) => {
            setEditing({ ...editing, ...updated })
            campaigns.refresh()
          }}
        />
      ) : (
        <CampaignCreateForm onCreated={campaigns.refresh} />
      )}
    </section>
  )
}

function CampaignGroups({ campaign, onClose }: { campaign: GroupbuyCampaign; onClose: () => void }) {
  const [cursors, setCursors] = useState<CursorStack>(firstPage)
  const groups = useCampaignGroups(campaign.id, currentCursor(cursors))
  return (
    <>
      <header className="page__header">
        <h2>「{campaign.productName}」的团</h2>
        <button className="button" type="button" onClick={onClose}>
          收起
        </button>
      </header>
      <DataTable headings={['团', '状态', '已付款 / 成团人数', '成员', '截止时间', '开团时间']} state={groups} empty="还没有人开团">
        {groups.status === 'success' &&
          groups.data.items.map((group) => (
            <tr key={group.id}>
              <td>#{group.id}</td>
              <td>{GROUP_STATUS_TEXT[group.status]}</td>
              <td>
                {group.paidCount} / {group.groupSize}
              </td>
              <td>{group.members.map((member) => `${member.name ?? '顾客'}${member.isLeader ? '（团长）' : ''}`).join('、')}</td>
              <td>{group.deadline ? formatDateTime(group.deadline) : '—'}</td>
              <td>{formatDateTime(group.createdAt)}</td>
            </tr>
          ))}
      </DataTable>
      <Pager cursors={cursors} nextCursor={groups.status === 'success' ? groups.data.nextCursor : null} onChange={setCursors} />
    </>
  )
}

function CampaignCreateForm({ onCreated }: { onCreated: () => void }) {
  const products = useProducts()
  const [form, setForm] = useState(BLANK_GROUPBUY)
  const [state, setState] = useState<SaveState>('idle')
  const blank = sameValue(form, BLANK_GROUPBUY)
  useUnsavedChanges(!blank)
  const checked = checkGroupbuy(form)
  const product = products.status === 'success' ? products.data.items.find((p) => String(p.id) === form.productId) : undefined
  const field = (key: Exclude<keyof GroupbuyForm, 'productId'>) => ({ name: key, value: form[key], onValue: (value: string) => setForm({ ...form, [key]: value }) })

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (checked.ok && (await runSave(setState, () => createCampaign(checked.value)))) {
      setForm(BLANK_GROUPBUY)
      onCreated()
    }
  }
  return (
    <>
      <h2>新建拼团</h2>
      <form className="form-narrow" aria-label="新建拼团" onSubmit={(event) => void submit(event)} noValidate>
        <Field label="商品">
          <select className="field__input" name="productId" value={form.productId} onChange={(event) => setForm({ ...form, productId: event.target.value })}>
            <option value="">{products.status === 'loading' ? '加载中…' : '请选择'}</option>
            {products.status === 'success' &&
              products.data.items
                .filter((p) => p.active)
                .map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}（¥{yuan(p.priceFen)}）
                  </option>
                ))}
          </select>
        </Field>
        {products.status === 'error' && <p className="form-error">商品加载失败：{errorMessage(products.error)}</p>}
        <TextField label={`拼团价（元）${product ? `，原价 ¥${yuan(product.priceFen)}` : ''}`} inputMode="decimal" {...field('price')} />
        {checked.ok && product && checked.value.priceFen >= product.priceFen && <p className="muted">拼团价不低于原价，顾客没有优惠</p>}
        <TextField label="成团人数" type="number" min={2} {...field('groupSize')} />
        <TextField label="成团时限（分钟，团长付款后计时）" type="number" min={5} {...field('durationMinutes')} />
        <TextField label="活动库存" type="number" min={0} {...field('stock')} />
        <TextField label="每人限购" type="number" min={1} {...field('perUserLimit')} />
        <TextField label="开始时间（可不填，即刻开始）" type="datetime-local" {...field('startsAt')} />
        <TextField label="结束时间（可不填，长期有效）" type="datetime-local" {...field('endsAt')} />
        <FormFooter problems={checked.ok || blank ? [] : checked.problems} state={state} canSubmit={checked.ok} label="创建拼团" busyLabel="创建中…" done="已创建" />
      </form>
    </>
  )
}

function CampaignEditForm({ campaign, onSaved }: { campaign: AdminGroupbuyCampaign; onSaved: (updated: GroupbuyCampaign) => void }) {
  // Members of one group pay alike, so the server refuses a new price once any group has formed.
  const started = campaign.groups.open + campaign.groups.succeeded + campaign.groups.failed > 0
  const form = usePatchForm({
    baseline: campaignEditOf(campaign),
    check: (edit: CampaignEdit) => checkCampaignEdit(edit, campaign),
    save: (patch) => updateCampaign(campaign.id, patch),
    formOf: campaignEditOf,
    onSaved,
  })
  const { draft, setDraft } = form
  return (
    <>
      <h2>编辑「{campaign.productName}」拼团</h2>
      <form className="form-narrow" aria-label="编辑拼团" onSubmit={(event) => void form.submit(event)} noValidate>
        <p className="muted">
          {campaign.groupSize} 人成团，成团时限 {campaign.durationMinutes} 分钟，创建后不能修改；拼团价在有人开团前可以修改（原价 ¥{yuan(campaign.originalPriceFen)}）。
        </p>
        <TextField
          label={started ? '拼团价（元，已有人开团，不能再改）' : '拼团价（元）'}
          name="price"
          inputMode="decimal"
          disabled={started}
          value={draft.price}
          onValue={(price) => setDraft({ ...draft, price })}
        />
        <TextField label="活动库存" name="stock" type="number" min={0} value={draft.stock} onValue={(stock) => setDraft({ ...draft, stock })} />
        <TextField label="结束时间（清空为长期有效）" name="endsAt" type="datetime-local" value={draft.endsAt} onValue={(endsAt) => setDraft({ ...draft, endsAt })} />
        <FormFooter problems={form.problems} state={form.state} canSubmit={form.canSave} label="保存" busyLabel="保存中…" />
      </form>
    </>
  )
}
