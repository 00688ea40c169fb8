import type { Product } from '@liuliang/shared'
import { useState, type FormEvent, type ReactNode } from 'react'
import { DataTable } from '../../../lib/data-table'
import { TextField } from '../../../lib/field'
import { runSave, type SaveState } from '../../../lib/save-state'
import { sameValue, useUnsavedChanges } from '../../../lib/unsaved-changes'
import { createProduct, updateProduct, useProducts } from '../api/conversion'
import { yuan } from '../money'
import { BLANK_PRODUCT, checkProduct, productFormOf, type ProductForm } from '../product-form'
import { usePatchForm } from '../use-patch-form'
import { FormFooter } from '../../../lib/form-footer'
import { Failure, OnOffActions, useOnOffList } from './on-off-row'
import { ProductShopEditor } from '../../shop/components/product-shop-editor'
import { ImageField } from '../../materials/components/image-field'

/** Products for sale: the list with shelf switches, and a form that creates one or edits the chosen one. */
export function ProductsPage() {
  const products = useProducts()
  const { editing, setEditing, failure, edit, switchActive } = useOnOffList<Product>({
    offQuestion: (product) => `下架「${product.name}」？下架后顾客看不到也买不了这件商品，可随时重新上架。`,
    update: (product, active) => updateProduct(product.id, { active }),
    onUpdated: products.refresh,
  })

  return (
    <section className="page">
      <header className="page__header">
        <h1 className="page__title">商品</h1>
        {editing && (
          <button className="button" type="button" onClick={() => edit(null)}>
            新建商品
          </button>
        )}
      </header>
      <Failure message={failure} />
      <DataTable headings={['商品', '售价', '库存', '状态', '操作']} state={products} empty="还没有商品，在下方创建第一件">
        {products.status === 'success' &&
          products.data.items.map((product) => (
            <tr key={product.id}>
              <td>
                <div className="inline-form">
                  {product.imageUrl && <img className="table-thumb" src={product.imageUrl} alt="" />}
                  <div>
                    {product.name}
                    {product.description && <div className="muted">{product.description}</div>}
                  </div>
                </div>
              </td>
              <td>¥{yuan(product.priceFen)}</td>
              <td>{product.stock}</td>
              <td>{product.active ? <span className="badge badge--green">在售</span> : <span className="badge">已下架</span>}</td>
              <td>
                <OnOffActions active={product.active} offLabel="下架" onLabel="上架" onEdit={() => edit(product)} onSwitch={() => void switchActive(product)} />
              </td>
            </tr>
          ))}
      </DataTable>

      {editing ? (
        <>
          <ProductEditForm
            key={editing.id}
            product={editing}
            onSaved={(updated) => {
              setEditing(updated)
              products.refresh()
            }}
          />
          <ProductShopEditor productId={editing.id} onSaved={products.refresh} />
        </>
      ) : (
        <ProductCreateForm onCreated={products.refresh} />
      )}
    </section>
  )
}

function ProductCreateForm({ onCreated }: { onCreated: () => void }) {
  const [form, setForm] = useState(BLANK_PRODUCT)
  const [state, setState] = useState<SaveState>('idle')
  const blank = sameValue(form, BLANK_PRODUCT)
  useUnsavedChanges(!blank)
  const checked = checkProduct(form)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (checked.ok && (await runSave(setState, () => createProduct(checked.value)))) {
      setForm(BLANK_PRODUCT)
      onCreated()
    }
  }
  return (
    <ProductFields title="新建商品" form={form} onChange={setForm} onSubmit={submit}>
      <FormFooter problems={checked.ok || blank ? [] : checked.problems} state={state} canSubmit={checked.ok} label="创建商品" busyLabel="创建中…" done="已创建" />
    </ProductFields>
  )
}

function ProductEditForm({ product, onSaved }: { product: Product; onSaved: (updated: Product) => void }) {
  const form = usePatchForm({
    baseline: productFormOf(product),
    check: checkProduct,
    save: (patch) => updateProduct(product.id, patch),
    formOf: productFormOf,
    onSaved,
  })
  return (
    <ProductFields title={`编辑「${product.name}」`} form={form.draft} onChange={form.setDraft} onSubmit={form.submit}>
      <FormFooter problems={form.problems} state={form.state} canSubmit={form.canSave} label="保存" busyLabel="保存中…" />
    </ProductFields>
  )
}

function ProductFields({
  title,
  form,
  onChange,
  onSubmit,
  children,
}: {
  title: string
  form: ProductForm
  onChange: (form: ProductForm) => void
  onSubmit: (event: FormEvent) => Promise<void>
  children: ReactNode
}) {
  const field = (key: keyof ProductForm) => ({ name: key, value: form[key], onValue: (value: string) => onChange({ ...form, [key]: value }) })
  return (
    <>
      <h2>{title}</h2>
      <form className="form-narrow" aria-label={title} onSubmit={(event) => void onSubmit(event)} noValidate>
        <TextField label="商品名称" {...field('name')} />
        <TextField label="售价（元）" inputMode="decimal" {...field('price')} />
        <TextField label="库存" type="number" min={0} {...field('stock')} />
        <ImageField label="图片地址（可不填）" picture="商品图片" {...field('imageUrl')} />
        <label className="field">
          <span className="field__label">商品介绍（可不填）</span>
          <textarea className="field__input" name="description" rows={3} value={form.description} onChange={(event) => onChange({ ...form, description: event.target.value })} />
        </label>
        {children}
      </form>
    </>
  )
}
