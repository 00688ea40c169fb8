import { useState, type FormEvent } from 'react'
import { couponTermsProblem, type CouponTemplate, type CreateCouponTemplateRequest } from '@liuliang/shared'
import { UserFacingError } from '@liuliang/ui/errors'
import { createCouponTemplate, updateCouponTemplate, useCouponTemplates } from '../api/loyalty'
import { Field, TextField } from '../../../lib/field'
import { sameValue, useUnsavedChanges } from '../../../lib/unsaved-changes'
import { runSave, SaveStatus, type SaveState } from '../../../lib/save-state'
import { DataTable } from '../../../lib/data-table'
import { ManageOnly } from '../../../lib/admin-access'

/** How a template reads: 满 100 减 20, or 8.5 折. */
export function describeTerms(t: Pick<CouponTemplate, 'kind' | 'amountOffFen' | 'discountPercent' | 'thresholdFen'>): string {
  const threshold = t.thresholdFen > 0 ? `满 ${t.thresholdFen / 100} 元` : '无门槛'
  return t.kind === 'amount_off' ? `${threshold}减 ${(t.amountOffFen ?? 0) / 100} 元` : `${threshold} ${(t.discountPercent ?? 100) / 10} 折`
}

const EMPTY = { name: '', kind: 'amount_off' as CouponTemplate['kind'], value: '', threshold: '0', validDays: '30' }

export function CouponTemplatesPage() {
  const templates = useCouponTemplates()
  const [form, setForm] = useState(EMPTY)
  useUnsavedChanges(!sameValue(form, EMPTY))
  const [state, setState] = useState<SaveState>('idle')

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const value = Number(form.value)
    const request: CreateCouponTemplateRequest = {
      name: form.name.trim(),
      kind: form.kind,
      thresholdFen: Math.round(Number(form.threshold) * 100),
      validDays: Number(form.validDays),
      ...(form.kind === 'amount_off' ? { amountOffFen: Math.round(value * 100) } : { discountPercent: Math.round(value * 10) }),
    }
    const problem = couponTermsProblem(request)
    if (problem) return setState({ error: new UserFacingError(problem) })
    if (await runSave(setState, () => createCouponTemplate(request))) {
      setForm(EMPTY)
      templates.reload()
    }
  }
  const toggle = async (template: CouponTemplate) => {
    await updateCouponTemplate(template.id, { active: !template.active })
    templates.reload()
  }

  return (
    <section className="page">
      <header className="page__header">
        <h1 className="page__title">优惠券</h1>
      </header>
      <DataTable headings={['名称', '面额与门槛', '有效期', '状态', '']} state={templates} empty="还没有优惠券模板，在下方创建第一张">
        {templates.status === 'success' &&
          templates.data.items.map((t) => (
            <tr key={t.id}>
              <td>{t.name}</td>
              <td>{describeTerms(t)}</td>
              <td>领取后 {t.validDays} 天</td>
              <td>{t.active ? <span className="badge badge--green">发放中</span> : <span className="badge">已停发</span>}</td>
              <td>
                <ManageOnly>
                  <button className="button button--link" type="button" onClick={() => void toggle(t)}>
                    {t.active ? '停止发放' : '恢复发放'}
                  </button>
                </ManageOnly>
              </td>
            </tr>
          ))}
      </DataTable>

      <h2>新建优惠券</h2>
      <form className="form-narrow" onSubmit={(e) => void submit(e)} noValidate>
        <TextField label="名称" name="name" value={form.name} maxLength={40} onValue={(value) => setForm({ ...form, name: value })} />
        <Field label="类型">
          <select className="field__input" name="kind" value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value as CouponTemplate['kind'] })}>
            <option value="amount_off">满减券</option>
            <option value="discount">折扣券</option>
          </select>
        </Field>
        <TextField label={form.kind === 'amount_off' ? '减免金额（元）' : '折扣（如 8.5 表示 8.5 折）'} name="value" type="number" min={0} step={0.1} value={form.value} onValue={(value) => setForm({ ...form, value })} />
        <TextField label="使用门槛（元，0 为无门槛）" name="threshold" type="number" min={0} value={form.threshold} onValue={(value) => setForm({ ...form, threshold: value })} />
        <TextField label="领取后有效天数" name="validDays" type="number" min={1} value={form.validDays} onValue={(value) => setForm({ ...form, validDays: value })} />
        <SaveStatus state={state} saved="已创建" />
        <ManageOnly>
          <button className="button button--primary" type="submit" disabled={state === 'saving' || !form.name.trim() || !form.value}>
            {state === 'saving' ? '创建中…' : '创建'}
          </button>
        </ManageOnly>
      </form>
    </section>
  )
}
