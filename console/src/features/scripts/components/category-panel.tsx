import { useState, type FormEvent } from 'react'
import type { ScriptCategory } from '@liuliang/shared'
import { errorMessage } from '@liuliang/ui/errors'
import type { RequestResult } from '@liuliang/ui/use-request'
import { Field } from '../../../lib/field'
import { RenameInline } from '../../../lib/rename-inline'
import { runSave, SaveStatus, type SaveState } from '../../../lib/save-state'
import { useUnsavedChanges } from '../../../lib/unsaved-changes'
import { createScriptCategory, deleteScriptCategory, updateScriptCategory } from '../api/scripts'
import { CATEGORY_NAME_MAX, categoryDepth, categoryNameProblem, moveCategory, possibleParents } from '../category-tree'
import { CategorySelect } from './category-select'
import { ManageOnly } from '../../../lib/admin-access'

/** The category tree: pick one to filter the scripts, and add, rename, reorder or delete categories. */
export function CategoryPanel({
  categories,
  selected,
  onSelect,
}: {
  categories: RequestResult<{ categories: ScriptCategory[] }>
  selected: number | null
  onSelect: (id: number | null) => void
}) {
  const [action, setAction] = useState<SaveState>('idle')
  const act = async (work: () => Promise<unknown>) => {
    const done = await runSave(setAction, work)
    if (done) categories.refresh()
    return done
  }

  if (categories.status === 'loading') return <aside className="chart-card muted">加载中…</aside>
  if (categories.status === 'error') {
    return (
      <aside className="chart-card">
        <p className="form-error">分类加载失败：{errorMessage(categories.error)}</p>
        <button className="button button--link" type="button" onClick={categories.reload}>
          重试
        </button>
      </aside>
    )
  }
  const list = categories.data.categories
  const move = (id: number, direction: -1 | 1) =>
    act(() => Promise.all(moveCategory(list, id, direction).map(({ id: categoryId, sortOrder }) => updateScriptCategory(categoryId, { sortOrder }))))
  const remove = (category: ScriptCategory) => {
    if (!window.confirm(`确定删除分类「${category.name}」吗？分类下还有话术或子分类时不能删除。`)) return
    void act(() => deleteScriptCategory(category.id)).then((done) => {
      if (done && selected === category.id) onSelect(null)
    })
  }

  return (
    <aside className="chart-card" aria-label="话术分类">
      <h2 className="chart-card__title">分类</h2>
      <ul className="category-list">
        <li>
          <button className={selected === null ? 'chip chip--on' : 'chip'} type="button" onClick={() => onSelect(null)}>
            全部话术
          </button>
        </li>
        {list.map((category) => (
          <li key={category.id} style={{ paddingLeft: categoryDepth(list, category.id) * 16 }} aria-label={`分类「${category.name}」`}>
            <RenameInline
              name={category.name}
              label="分类"
              maxLength={CATEGORY_NAME_MAX}
              problem={categoryNameProblem}
              onRename={(name) => updateScriptCategory(category.id, { name }).then(categories.refresh)}
            >
              <button className={selected === category.id ? 'chip chip--on' : 'chip'} type="button" onClick={() => onSelect(category.id)}>
                {category.name}
              </button>
            </RenameInline>
            <ManageOnly>
              <button className="button button--link" type="button" aria-label={`上移「${category.name}」`} onClick={() => void move(category.id, -1)}>
                ↑
              </button>
            </ManageOnly>
            <ManageOnly>
              <button className="button button--link" type="button" aria-label={`下移「${category.name}」`} onClick={() => void move(category.id, 1)}>
                ↓
              </button>
            </ManageOnly>
            <ManageOnly>
              <button className="button button--link button--danger" type="button" aria-label={`删除「${category.name}」`} onClick={() => remove(category)}>
                删除
              </button>
            </ManageOnly>
          </li>
        ))}
      </ul>
      {list.length === 0 && <p className="muted">还没有分类</p>}
      <SaveStatus state={action} saved="已更新" />
      <NewCategoryForm categories={list} onCreated={categories.refresh} />
    </aside>
  )
}

const BLANK = { name: '', parentId: null as number | null }

function NewCategoryForm({ categories, onCreated }: { categories: ScriptCategory[]; onCreated: () => void }) {
  const [form, setForm] = useState(BLANK)
  const [state, setState] = useState<SaveState>('idle')
  useUnsavedChanges(form.name !== '')
  const problem = categoryNameProblem(form.name)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const siblings = categories.filter((category) => category.parentId === form.parentId).length
    // New categories go last among their siblings.
    if (await runSave(setState, () => createScriptCategory({ name: form.name.trim(), parentId: form.parentId, sortOrder: Math.min(siblings, 9999) }))) {
      setForm(BLANK)
      onCreated()
    }
  }

  return (
    <ManageOnly>
      <form className="form-narrow" aria-label="新建分类" onSubmit={(event) => void submit(event)} noValidate>
        <Field label="新分类名称">
          <input className="field__input" maxLength={CATEGORY_NAME_MAX} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </Field>
        <CategorySelect
          label="上级分类"
          none="（顶级分类）"
          all={categories}
          choices={possibleParents(categories)}
          value={form.parentId}
          onChange={(parentId) => setForm({ ...form, parentId })}
        />
        {form.name !== '' && problem !== null && <p className="form-error">{problem}</p>}
        <SaveStatus state={state} saved="已添加" />
        <button className="button" type="submit" disabled={problem !== null || state === 'saving'}>
          添加分类
        </button>
      </form>
    </ManageOnly>
  )
}
