import { useState, type FormEvent } from 'react'
import type { TagGroup } from '@liuliang/shared'
import { errorMessage } from '@liuliang/ui/errors'
import { Field } from '../../../lib/field'
import { RenameInline } from '../../../lib/rename-inline'
import { runSave, SaveStatus, type SaveState } from '../../../lib/save-state'
import { useUnsavedChanges } from '../../../lib/unsaved-changes'
import { createTag, deleteTag, deleteTagGroup, renameTag, syncTagsFromWecom, updateTagGroup, useTagGroups } from '../api/tags'
import { duplicateTagName, groupDeletePrompt, newGroupProblem, TAG_NAME_MAX, tagDeletePrompt, tagNameProblem } from '../tag-names'
import { TagRulesPanel } from './tag-rules-panel'
import { ManageOnly } from '../../../lib/admin-access'

/** Runs a change, reporting it where the admin made it (the page's status line by default), then reloads. */
type Act = (work: () => Promise<unknown>, report?: (state: SaveState) => void) => Promise<boolean>

/** Tag groups and their tags, mirrored with WeCom's corp tags, and the rules that tag automatically. */
export function TagsPage() {
  const groups = useTagGroups()
  const [action, setAction] = useState<SaveState>('idle')
  // Bumped after every change, so the rules reload (a deleted tag takes its rule with it).
  const [version, setVersion] = useState(0)

  const changed = () => {
    groups.refresh()
    setVersion((v) => v + 1)
  }
  const act: Act = async (work, report = setAction) => {
    const done = await runSave(report, work)
    if (done) changed()
    return done
  }

  return (
    <section className="page">
      <header className="page__header">
        <h1 className="page__title">标签管理</h1>
        <ManageOnly>
          <button className="button" type="button" disabled={action === 'saving'} onClick={() => void act(syncTagsFromWecom)}>
            从企业微信同步
          </button>
        </ManageOnly>
      </header>
      <p className="muted">标签与企业微信的客户标签一致：在这里新建、改名、删除，会先在企业微信生效。互斥标签组里，一位客户最多带一个标签。</p>
      <SaveStatus state={action} saved="已完成" />

      {groups.status === 'loading' && <p className="muted">加载中…</p>}
      {groups.status === 'error' && (
        <p className="form-error">
          加载失败：{errorMessage(groups.error)}{' '}
          <button className="button button--link" type="button" onClick={groups.reload}>
            重试
          </button>
        </p>
      )}
      {groups.status === 'success' && groups.data.groups.length === 0 && <p className="muted">还没有标签，在下方新建第一个标签组，或从企业微信同步。</p>}
      {groups.status === 'success' && groups.data.groups.map((group) => <GroupCard key={group.id} group={group} act={act} changed={changed} />)}

      <NewGroupForm taken={groups.status === 'success' ? groups.data.groups.map((g) => g.name) : []} act={act} />
      {groups.status === 'success' && <TagRulesPanel groups={groups.data.groups} version={version} />}
    </section>
  )
}

function GroupCard({ group, act, changed }: { group: TagGroup; act: Act; changed: () => void }) {
  const remove = () => {
    if (window.confirm(groupDeletePrompt(group))) void act(() => deleteTagGroup(group.id))
  }
  return (
    <article className="chart-card" aria-label={`标签组「${group.name}」`}>
      <header className="tag-group__header">
        <h2 className="chart-card__title">
          <RenameInline
            name={group.name}
            label="标签组"
            maxLength={TAG_NAME_MAX}
            problem={tagNameProblem}
            onRename={(name) => updateTagGroup(group.id, { name }).then(changed)}
          />
        </h2>
        {group.exclusive && <span className="badge badge--blue">互斥</span>}
        <span className="tag-group__actions">
          <ManageOnly>
            <button
              className="button button--link"
              type="button"
              onClick={() => void act(() => updateTagGroup(group.id, { exclusive: !group.exclusive }))}
            >
              {group.exclusive ? '取消互斥' : '设为互斥'}
            </button>
          </ManageOnly>
          <ManageOnly>
            <button className="button button--link button--danger" type="button" onClick={remove}>
              删除标签组
            </button>
          </ManageOnly>
        </span>
      </header>
      <table className="table">
        <thead>
          <tr>
            <th>标签</th>
            <th>客户数</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {group.tags.map((tag) => (
            <tr key={tag.id} aria-label={`标签「${tag.name}」`}>
              <td>
                <RenameInline
                  name={tag.name}
                  label="标签"
                  maxLength={TAG_NAME_MAX}
                  problem={(name) => tagNameProblem(name) ?? (duplicateTagName(group, name, tag.id) ? '本组已有同名标签' : null)}
                  onRename={(name) => renameTag(tag.id, name).then(changed)}
                />
              </td>
              <td>{tag.customerCount}</td>
              <td>
                <ManageOnly>
                  <button
                    className="button button--link button--danger"
                    type="button"
                    onClick={() => {
                      if (window.confirm(tagDeletePrompt(tag))) void act(() => deleteTag(tag.id))
                    }}
                  >
                    删除
                  </button>
                </ManageOnly>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <AddTagForm group={group} act={act} />
    </article>
  )
}

function AddTagForm({ group, act }: { group: TagGroup; act: Act }) {
  const [name, setName] = useState('')
  const [state, setState] = useState<SaveState>('idle')
  useUnsavedChanges(name !== '')
  const problem = tagNameProblem(name) ?? (duplicateTagName(group, name) ? '本组已有同名标签' : null)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (await act(() => createTag({ groupName: group.name, name: name.trim() }), setState)) setName('')
  }

  return (
    <ManageOnly>
      <form className="inline-form tag-group__add" onSubmit={(event) => void submit(event)} noValidate>
        <input
          className="field__input"
          aria-label={`在「${group.name}」中新增标签`}
          placeholder="新标签名称"
          maxLength={TAG_NAME_MAX}
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
        <button className="button" type="submit" disabled={problem !== null || state === 'saving'}>
          添加标签
        </button>
        {name !== '' && problem !== null && <span className="form-error">{problem}</span>}
        <SaveStatus state={state} saved="已添加" />
      </form>
    </ManageOnly>
  )
}

const BLANK_GROUP = { groupName: '', name: '' }

/** WeCom keeps no empty group: a new group is created together with its first tag. */
function NewGroupForm({ taken, act }: { taken: string[]; act: Act }) {
  const [form, setForm] = useState(BLANK_GROUP)
  const [state, setState] = useState<SaveState>('idle')
  useUnsavedChanges(form.groupName !== '' || form.name !== '')
  const problem = newGroupProblem(form, taken)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (await act(() => createTag({ groupName: form.groupName.trim(), name: form.name.trim() }), setState)) setForm(BLANK_GROUP)
  }

  return (
    <ManageOnly>
      <form className="chart-card form-narrow" aria-label="新建标签组" onSubmit={(event) => void submit(event)} noValidate>
        <h2 className="chart-card__title">新建标签组</h2>
        <Field label="标签组名称">
          <input className="field__input" maxLength={TAG_NAME_MAX} value={form.groupName} onChange={(e) => setForm({ ...form, groupName: e.target.value })} />
        </Field>
        <Field label="第一个标签">
          <input className="field__input" maxLength={TAG_NAME_MAX} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </Field>
        {(form.groupName !== '' || form.name !== '') && problem !== null && <p className="form-error">{problem}</p>}
        <SaveStatus state={state} saved="已创建" />
        <button className="button button--primary" type="submit" disabled={problem !== null || state === 'saving'}>
          新建标签组
        </button>
      </form>
    </ManageOnly>
  )
}
