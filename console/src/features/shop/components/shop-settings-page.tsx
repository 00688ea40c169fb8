import type { Banner, BannerLinkType, Category, SaveBannerRequest } from '@liuliang/shared'
import { useState, type FormEvent } from 'react'
import { DataTable } from '../../../lib/data-table'
import { Field, TextField } from '../../../lib/field'
import { FormFooter } from '../../../lib/form-footer'
import { runSave, type SaveState } from '../../../lib/save-state'
import { useProducts } from '../../conversion/api/conversion'
import { createBanner, createCategory, deleteBanner, updateBanner, updateCategory, useBanners, useCategories } from '../api/shop'
import { ManageOnly } from '../../../lib/admin-access'
import { isWebAddress } from '../../materials/addresses'
import { ImageField } from '../../materials/components/image-field'

const LINK_LABELS: Record<BannerLinkType, string> = { none: '不跳转', product: '商品', category: '分类' }
const orderProblem = (text: string) => (/^\d{1,4}$/.test(text.trim()) ? null : '排序填 0–9999 的整数，小的在前')

/** 商城装修: the categories customers browse and the banners at the top of the home page, each in its order. */
export function ShopSettingsPage() {
  // One list for both sections, so a category just added can be a banner's target at once.
  const categories = useCategories()
  return (
    <section className="page">
      <header className="page__header">
        <h1 className="page__title">商城装修</h1>
      </header>
      <Categories categories={categories} />
      <Banners categories={categories} />
    </section>
  )
}

type CategoriesRequest = ReturnType<typeof useCategories>

function Categories({ categories }: { categories: CategoriesRequest }) {
  const [editing, setEditing] = useState<Category | null>(null)
  const [name, setName] = useState('')
  const [order, setOrder] = useState('0')
  const [state, setState] = useState<SaveState>('idle')
  const problems = [...(name.trim() === '' ? ['请填写分类名称'] : name.trim().length > 20 ? ['分类名称最多 20 个字'] : []), ...[orderProblem(order)].filter((p): p is string => p !== null)]

  const startEdit = (category: Category | null) => {
    setEditing(category)
    setName(category?.name ?? '')
    setOrder(String(category?.sortOrder ?? 0))
    setState('idle')
  }
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const body = { name: name.trim(), sortOrder: Number(order) }
    if (problems.length === 0 && (await runSave(setState, () => (editing ? updateCategory(editing.id, body) : createCategory(body))))) {
      startEdit(null)
      categories.refresh()
    }
  }
  const switchActive = async (category: Category) => {
    await updateCategory(category.id, { name: category.name, sortOrder: category.sortOrder, active: !category.active })
    categories.refresh()
  }

  return (
    <>
      <h2>商品分类</h2>
      <DataTable headings={['分类', '排序', '状态', '操作']} state={categories} empty="还没有分类，在下方添加第一个">
        {categories.status === 'success' &&
          categories.data.items.map((category) => (
            <tr key={category.id}>
              <td>{category.name}</td>
              <td>{category.sortOrder}</td>
              <td>{category.active ? <span className="badge badge--green">显示</span> : <span className="badge">已隐藏</span>}</td>
              <td>
                <button className="button" type="button" onClick={() => startEdit(category)}>
                  编辑
                </button>{' '}
                <ManageOnly>
                  <button className="button" type="button" onClick={() => void switchActive(category)}>
                    {category.active ? '隐藏' : '显示'}
                  </button>
                </ManageOnly>
              </td>
            </tr>
          ))}
      </DataTable>
      <form className="form-narrow" aria-label={editing ? '编辑分类' : '添加分类'} onSubmit={(event) => void submit(event)} noValidate>
        <TextField label="分类名称" name="categoryName" value={name} onValue={setName} />
        <TextField label="排序（小的在前）" name="categoryOrder" type="number" min={0} value={order} onValue={setOrder} />
        <FormFooter problems={name === '' ? [] : problems} state={state} canSubmit={problems.length === 0} label={editing ? '保存分类' : '添加分类'} busyLabel="保存中…" />
        {editing && (
          <button className="button" type="button" onClick={() => startEdit(null)}>
            取消编辑
          </button>
        )}
      </form>
    </>
  )
}

interface BannerForm {
  title: string
  imageUrl: string
  linkType: BannerLinkType
  linkId: string
  order: string
  active: boolean
}
const BLANK_BANNER: BannerForm = { title: '', imageUrl: '', linkType: 'none', linkId: '', order: '0', active: true }

function checkBanner(form: BannerForm): { ok: true; value: SaveBannerRequest } | { ok: false; problems: string[] } {
  const problems: string[] = []
  if (!isWebAddress(form.imageUrl)) problems.push('图片地址要以 http:// 或 https:// 开头')
  if (form.title.trim().length > 30) problems.push('标题最多 30 个字')
  if (form.linkType !== 'none' && form.linkId === '') problems.push(form.linkType === 'product' ? '请选择跳转的商品' : '请选择跳转的分类')
  const order = orderProblem(form.order)
  if (order) problems.push(order)
  if (problems.length) return { ok: false, problems }
  return {
    ok: true,
    value: {
      title: form.title.trim(),
      imageUrl: form.imageUrl.trim(),
      linkType: form.linkType,
      linkId: form.linkType === 'none' ? null : Number(form.linkId),
      sortOrder: Number(form.order),
      active: form.active,
    },
  }
}

function Banners({ categories }: { categories: CategoriesRequest }) {
  const banners = useBanners()
  const products = useProducts()
  const [editing, setEditing] = useState<Banner | null>(null)
  const [form, setForm] = useState<BannerForm>(BLANK_BANNER)
  const [state, setState] = useState<SaveState>('idle')
  const checked = checkBanner(form)
  const targets =
    form.linkType === 'product'
      ? products.status === 'success'
        ? products.data.items.map((p) => ({ id: p.id, name: p.name }))
        : []
      : categories.status === 'success'
        ? categories.data.items.map((c) => ({ id: c.id, name: c.name }))
        : []
  const targetName = (banner: Banner) => {
    const list = banner.linkType === 'product' ? (products.status === 'success' ? products.data.items : []) : categories.status === 'success' ? categories.data.items : []
    return list.find((item) => item.id === banner.linkId)?.name ?? `#${banner.linkId}`
  }

  const startEdit = (banner: Banner | null) => {
    setEditing(banner)
    setForm(
      banner
        ? { title: banner.title, imageUrl: banner.imageUrl, linkType: banner.linkType, linkId: banner.linkId ? String(banner.linkId) : '', order: String(banner.sortOrder), active: banner.active }
        : BLANK_BANNER,
    )
    setState('idle')
  }
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (checked.ok && (await runSave(setState, () => (editing ? updateBanner(editing.id, checked.value) : createBanner(checked.value))))) {
      startEdit(null)
      banners.refresh()
    }
  }
  const remove = async (banner: Banner) => {
    if (!window.confirm(`删除轮播图「${banner.title || banner.imageUrl}」？`)) return
    await deleteBanner(banner.id)
    banners.refresh()
  }

  return (
    <>
      <h2>首页轮播图</h2>
      <DataTable headings={['图片', '标题', '跳转', '排序', '状态', '操作']} state={banners} empty="还没有轮播图">
        {banners.status === 'success' &&
          banners.data.items.map((banner) => (
            <tr key={banner.id}>
              <td>
                <img className="product-preview" src={banner.imageUrl} alt={banner.title || '轮播图'} style={{ maxWidth: 120 }} />
              </td>
              <td>{banner.title || '—'}</td>
              <td>{banner.linkType === 'none' ? '不跳转' : `${LINK_LABELS[banner.linkType]}：${targetName(banner)}`}</td>
              <td>{banner.sortOrder}</td>
              <td>{banner.active ? <span className="badge badge--green">展示中</span> : <span className="badge">已关闭</span>}</td>
              <td>
                <button className="button" type="button" onClick={() => startEdit(banner)}>
                  编辑
                </button>{' '}
                <ManageOnly>
                  <button className="button button--danger" type="button" onClick={() => void remove(banner)}>
                    删除
                  </button>
                </ManageOnly>
              </td>
            </tr>
          ))}
      </DataTable>
      <form className="form-narrow" aria-label={editing ? '编辑轮播图' : '添加轮播图'} onSubmit={(event) => void submit(event)} noValidate>
        <ImageField label="图片地址" picture="轮播图" name="bannerImage" value={form.imageUrl} onValue={(imageUrl) => setForm((current) => ({ ...current, imageUrl }))} />
        <TextField label="标题（可不填）" name="bannerTitle" value={form.title} onValue={(title) => setForm({ ...form, title })} />
        <Field label="点击后打开">
          <select className="field__input" name="bannerLinkType" value={form.linkType} onChange={(event) => setForm({ ...form, linkType: event.target.value as BannerLinkType, linkId: '' })}>
            {Object.entries(LINK_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        {form.linkType !== 'none' && (
          <Field label={form.linkType === 'product' ? '商品' : '分类'}>
            <select className="field__input" name="bannerLinkId" value={form.linkId} onChange={(event) => setForm({ ...form, linkId: event.target.value })}>
              <option value="">请选择</option>
              {targets.map((target) => (
                <option key={target.id} value={target.id}>
                  {target.name}
                </option>
              ))}
            </select>
          </Field>
        )}
        <TextField label="排序（小的在前）" name="bannerOrder" type="number" min={0} value={form.order} onValue={(order) => setForm({ ...form, order })} />
        <label className="field">
          <span className="field__label">
            <input type="checkbox" checked={form.active} onChange={(event) => setForm({ ...form, active: event.target.checked })} /> 展示在首页
          </span>
        </label>
        <FormFooter problems={form.imageUrl === '' ? [] : checked.ok ? [] : checked.problems} state={state} canSubmit={checked.ok} label={editing ? '保存轮播图' : '添加轮播图'} busyLabel="保存中…" />
        {editing && (
          <button className="button" type="button" onClick={() => startEdit(null)}>
            取消编辑
          </button>
        )}
      </form>
    </>
  )
}
