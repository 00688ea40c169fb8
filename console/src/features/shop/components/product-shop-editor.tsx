import type { ProductDetail } from '@liuliang/shared'
import { useState, type FormEvent } from 'react'
import { Field } from '../../../lib/field'
import { FormFooter } from '../../../lib/form-footer'
import { runSave, type SaveState } from '../../../lib/save-state'
import { saveProductShop, saveSkus, useCategories, useProductDetail } from '../api/shop'
import { addressLines, isWebAddress } from '../../materials/addresses'
import { ImageSource } from '../../materials/components/image-source'
import { MAX_SPECS, checkSkus, comboKey, combinations, skuFormOf, type SkuFormState } from '../sku-form'

/** Below a product's form: its category and gallery, and its SKUs (specs with their own price and stock). */
export function ProductShopEditor({ productId, onSaved }: { productId: number; onSaved: () => void }) {
  const detail = useProductDetail(productId)
  if (detail.status === 'loading') return <p className="muted">加载规格…</p>
  if (detail.status === 'error') return <p className="form-error">规格加载失败</p>
  return (
    <>
      <GalleryForm key={`g${productId}`} product={detail.data} onSaved={onSaved} />
      <SkusForm key={`s${productId}`} product={detail.data} onSaved={onSaved} />
    </>
  )
}

function GalleryForm({ product, onSaved }: { product: ProductDetail; onSaved: () => void }) {
  const categories = useCategories()
  const [categoryId, setCategoryId] = useState(product.categoryId === null ? '' : String(product.categoryId))
  const [images, setImages] = useState(product.images.join('\n'))
  const [state, setState] = useState<SaveState>('idle')
  const urls = addressLines(images)
  const problems = [
    ...(urls.some((url) => !isWebAddress(url)) ? ['图片地址要以 http:// 或 https:// 开头'] : []),
    ...(urls.length > 9 ? ['最多 9 张图片'] : []),
  ]
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (problems.length === 0 && (await runSave(setState, () => saveProductShop(product.id, { categoryId: categoryId ? Number(categoryId) : null, images: urls })))) onSaved()
  }
  return (
    <>
      <h2>分类与图片</h2>
      <form className="form-narrow" aria-label="分类与图片" onSubmit={(event) => void submit(event)} noValidate>
        <Field label="分类">
          <select className="field__input" name="categoryId" value={categoryId} onChange={(event) => setCategoryId(event.target.value)}>
            <option value="">不分类</option>
            {categories.status === 'success' &&
              categories.data.items.map((category) => (
                <option key={category.id} value={category.id}>
                  {category.name}
                  {category.active ? '' : '（已隐藏）'}
                </option>
              ))}
          </select>
        </Field>
        <Field label="商品图片（每行一个地址，第一张是封面）">
          <textarea className="field__input" name="images" rows={4} value={images} onChange={(event) => setImages(event.target.value)} />
        </Field>
        {urls.length > 0 && (
          <div className="gallery" aria-label="已选图片">
            {urls.map((url, index) => {
              const others = urls.filter((_, i) => i !== index)
              return (
                <div className="gallery__item" key={`${index}:${url}`}>
                  <img src={url} alt={index === 0 ? '封面' : `第 ${index + 1} 张`} />
                  {index === 0 ? (
                    <span className="muted">封面</span>
                  ) : (
                    <button className="button button--link" type="button" onClick={() => setImages([url, ...others].join('\n'))}>
                      设为封面
                    </button>
                  )}
                  <button className="button button--link" type="button" onClick={() => setImages(others.join('\n'))}>
                    移除
                  </button>
                </div>
              )
            })}
          </div>
        )}
        {urls.length < 9 && <ImageSource max={9 - urls.length} onChosen={(chosen) => setImages((current) => [...addressLines(current), ...chosen].join('\n'))} />}
        <FormFooter problems={problems} state={state} canSubmit={problems.length === 0} label="保存分类与图片" busyLabel="保存中…" />
      </form>
    </>
  )
}

function SkusForm({ product, onSaved }: { product: ProductDetail; onSaved: () => void }) {
  const [form, setForm] = useState<SkuFormState>(() => skuFormOf(product))
  const [state, setState] = useState<SaveState>('idle')
  const checked = checkSkus(form)
  const combos = combinations(form.specs)
  const setSpec = (index: number, key: 'name' | 'values', value: string) =>
    setForm({ ...form, specs: form.specs.map((spec, i) => (i === index ? { ...spec, [key]: value } : spec)) })
  const setRow = (key: string, patch: Partial<SkuFormState['rows'][string]>) =>
    setForm({ ...form, rows: { ...form.rows, [key]: { price: '', stock: '', active: true, ...form.rows[key], ...patch } } })

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (checked.ok && (await runSave(setState, () => saveSkus(product.id, checked.value)))) onSaved()
  }
  return (
    <>
      <h2>规格与库存</h2>
      <form aria-label="规格与库存" onSubmit={(event) => void submit(event)} noValidate>
        <p className="muted">没有规格的商品只有一个默认规格。规格值用逗号分开，例如「白色，黑色」。停售的组合保留在已有订单里。</p>
        {form.specs.map((spec, index) => (
          <div key={index} className="inline-form">
            <Field label={`规格名 ${index + 1}`}>
              <input className="field__input" name={`spec-name-${index}`} value={spec.name} placeholder="如 颜色" onChange={(event) => setSpec(index, 'name', event.target.value)} />
            </Field>
            <Field label="规格值">
              <input className="field__input" name={`spec-values-${index}`} value={spec.values} placeholder="如 白色，黑色" onChange={(event) => setSpec(index, 'values', event.target.value)} />
            </Field>
            <button className="button" type="button" onClick={() => setForm({ ...form, specs: form.specs.filter((_, i) => i !== index) })}>
              删除规格
            </button>
          </div>
        ))}
        {form.specs.length < MAX_SPECS && (
          <button className="button" type="button" onClick={() => setForm({ ...form, specs: [...form.specs, { name: '', values: '' }] })}>
            添加规格
          </button>
        )}
        <table className="table">
          <thead>
            <tr>
              <th>规格</th>
              <th>售价（元）</th>
              <th>库存</th>
              <th>在售</th>
            </tr>
          </thead>
          <tbody>
            {combos.map((combo) => {
              const key = comboKey(combo)
              const row = form.rows[key] ?? { price: '', stock: '', active: true }
              return (
                <tr key={key}>
                  <td>{combo.join(' / ') || '默认规格'}</td>
                  <td>
                    <input className="field__input" aria-label={`${key || '默认'} 售价`} inputMode="decimal" value={row.price} onChange={(event) => setRow(key, { price: event.target.value })} />
                  </td>
                  <td>
                    <input className="field__input" aria-label={`${key || '默认'} 库存`} type="number" min={0} value={row.stock} onChange={(event) => setRow(key, { stock: event.target.value })} />
                  </td>
                  <td>
                    <input type="checkbox" aria-label={`${key || '默认'} 在售`} checked={row.active} onChange={(event) => setRow(key, { active: event.target.checked })} />
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
        <FormFooter problems={checked.ok ? [] : checked.problems} state={state} canSubmit={checked.ok} label="保存规格" busyLabel="保存中…" />
      </form>
    </>
  )
}
