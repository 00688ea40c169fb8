import { useState, type FormEvent } from 'react'
import type { CreateMallItemRequest, MallItem } from '@liuliang/shared'
import { errorMessage } from '@liuliang/ui/errors'
import { formatDateTime } from '@liuliang/ui/format'
import { createMallItem, updateMallItem, useCouponTemplates, useMallItems } from '../api/loyalty'
import { Field, TextField } from '../../../lib/field'
import { sameValue, useUnsavedChanges } from '../../../lib/unsaved-changes'
import { runSave, SaveStatus, type SaveState } from '../../../lib/save-state'
import { ShippingTable } from './shipping-table'
import { DataTable } from '../../../lib/data-table'
import { ManageOnly } from '../../../lib/admin-access'
import { isWebAddress } from '../../materials/addresses'
import { ImageField } from '../../materials/components/image-field'
import { ImagePicker } from '../../materials/components/image-picker'

const EMPTY = { name: '', description: '', imageUrl: '', kind: 'coupon' as MallItem['kind'], templateId: '', pointsPrice: '', stock: '', perUserLimit: '1' }

function saleWindow(item: MallItem): string {
  if (!item.startsAt && !item.endsAt) return '长期'
  return `${item.startsAt ? formatDateTime(item.startsAt) : '现在'} 至 ${item.endsAt ? formatDateTime(item.endsAt) : '不限'}`
}

export function MallItemsPage() {
  const items = useMallItems()
  const templates = useCouponTemplates()
  const [form, setForm] = useState(EMPTY)
  useUnsavedChanges(!sameValue(form, EMPTY))
  const [state, setState] = useState<SaveState>('idle')
  const [picturing, setPicturing] = useState<MallItem | null>(null)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const request: CreateMallItemRequest = {
      name: form.name.trim(),
      description: form.description.trim(),
      ...(form.imageUrl.trim() ? { imageUrl: form.imageUrl.trim() } : {}),
      kind: form.kind,
      pointsPrice: Number(form.pointsPrice),
      stock: Number(form.stock),
      perUserLimit: Number(form.perUserLimit),
      ...(form.kind === 'coupon' ? { couponTemplateId: Number(form.templateId) } : {}),
    }
    if (await runSave(setState, () => createMallItem(request))) {
      setForm(EMPTY)
      items.reload()
    }
  }
  const [actionError, setActionError] = useState<string | null>(null)
  const change = async (item: MallItem, patch: Parameters<typeof updateMallItem>[1]) => {
    setActionError(null)
    try {
      await updateMallItem(item.id, patch)
      items.reload()
    } catch (error) {
      setActionError(`「${item.name}」没有改成：${errorMessage(error)}`)
    }
  }
  const restock = (item: MallItem) => {
    const answer = window.prompt(`「${item.name}」的库存改为：`, String(item.stock))
    if (answer !== null && /^\d+$/.test(answer)) void change(item, { stock: Number(answer) })
  }

  return (
    <section className="page">
      <header className="page__header">
        <h1 className="page__title">积分商城</h1>
      </header>
      {actionError && (
        <p className="form-error" role="alert">
          {actionError}
        </p>
      )}
      <DataTable headings={['商品', '类型', '积分', '库存', '每人限兑', '兑换时间', '状态', '']} state={items} empty="商城还没有商品，在下方上架第一件">
        {items.status === 'success' &&
          items.data.items.map((item) => (
            <tr key={item.id}>
              <td>
                <span className="inline-form">
                  {item.imageUrl && <img className="table-thumb" src={item.imageUrl} alt="" />}
                  {item.name}
                </span>
              </td>
              <td>{item.kind === 'coupon' ? '优惠券' : '实物'}</td>
              <td>{item.pointsPrice}</td>
              <td>{item.stock}</td>
              <td>{item.perUserLimit}</td>
              <td>{saleWindow(item)}</td>
              <td>{item.active ? <span className="badge badge--green">在售</span> : <span className="badge">已下架</span>}</td>
              <td>
                <ManageOnly>
                  <button className="button button--link" type="button" onClick={() => setPicturing(item)}>
                    换图片
                  </button>
                </ManageOnly>
                <ManageOnly>
                  <button className="button button--link" type="button" onClick={() => restock(item)}>
                    改库存
                  </button>
                </ManageOnly>
                <ManageOnly>
                  <button className="button button--link" type="button" onClick={() => void change(item, { active: !item.active })}>
                    {item.active ? '下架' : '上架'}
                  </button>
                </ManageOnly>
              </td>
            </tr>
          ))}
      </DataTable>

      {picturing && (
        <ImagePicker
          onPick={([imageUrl]) => {
            setPicturing(null)
            if (imageUrl) void change(picturing, { imageUrl })
          }}
          onClose={() => setPicturing(null)}
        />
      )}

      <ShippingTable />

      <h2>上架商品</h2>
      <form className="form-narrow" onSubmit={(e) => void submit(e)} noValidate>
        <TextField label="名称" name="name" value={form.name} maxLength={40} onValue={(value) => setForm({ ...form, name: value })} />
        <TextField label="介绍" name="description" value={form.description} maxLength={500} onValue={(value) => setForm({ ...form, description: value })} />
        <ImageField label="图片地址（可不填）" picture="商品图片" name="imageUrl" value={form.imageUrl} maxLength={500} onValue={(imageUrl) => setForm((current) => ({ ...current, imageUrl }))} />
        <Field label="类型">
          <select className="field__input" name="kind" value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value as MallItem['kind'] })}>
            <option value="coupon">优惠券（兑换后发到券包）</option>
            <option value="physical">实物（兑换时填写收货地址）</option>
          </select>
        </Field>
        {form.kind === 'coupon' && (
          <Field label="发放的优惠券">
            <select className="field__input" name="templateId" value={form.templateId} onChange={(e) => setForm({ ...form, templateId: e.target.value })}>
              <option value="">请选择</option>
              {templates.status === 'success' &&
                templates.data.items
                  .filter((t) => t.active)
                  .map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.name}
                    </option>
                  ))}
            </select>
          </Field>
        )}
        {(
          [
            ['pointsPrice', '所需积分'],
            ['stock', '库存'],
            ['perUserLimit', '每人限兑次数'],
          ] as const
        ).map(([key, label]) => (
          <TextField key={key} label={label} name={key} type="number" min={0} value={form[key]} onValue={(value) => setForm({ ...form, [key]: value })} />
        ))}
        <SaveStatus state={state} saved="已上架" />
        <button
          className="button button--primary"
          type="submit"
          disabled={state === 'saving' || !form.name.trim() || (form.imageUrl.trim() !== '' && !isWebAddress(form.imageUrl)) || !form.pointsPrice || !form.stock || (form.kind === 'coupon' && !form.templateId)}
        >
          {state === 'saving' ? '上架中…' : '上架'}
        </button>
      </form>
    </section>
  )
}
