import { useState, type FormEvent } from 'react'
import {
  PERMISSION_AREA_CONTENTS,
  PERMISSION_AREA_TEXT,
  PERMISSION_AREAS,
  PERMISSION_LEVEL_TEXT,
  PERMISSION_LEVELS,
  type Permission,
  type Role,
  type RoleInput,
} from '@liuliang/shared'
import { ConfirmDialog } from '@liuliang/ui/confirm-dialog'
import { InlineError } from '@liuliang/ui/feedback'
import { Field } from '../../../lib/field'
import { useCanManage } from '../../../lib/admin-access'
import { runSave, SaveStatus, type SaveState } from '../../../lib/save-state'
import { useUnsavedChanges } from '../../../lib/unsaved-changes'
import { FormFooter } from '../../../lib/form-footer'
import { createRole, deleteRole, updateRole, useRoles } from '../api/access'
import { roleProblems } from '../account-checks'
import { levelOf, toggle } from '../role-matrix'
import { Modal } from './modal'
import '../access.css'

type Editing = { kind: 'new' } | { kind: 'edit'; role: Role } | null

/** 角色权限: the built-in roles as they are, and the brand's own roles made in a matrix of areas × 查看/管理. */
export function RolesPage() {
  const canManage = useCanManage()
  const roles = useRoles()
  const [editing, setEditing] = useState<Editing>(null)
  const [removing, setRemoving] = useState<Role | null>(null)
  const [action, setAction] = useState<SaveState>('idle')

  return (
    <section className="page">
      <header className="page__header">
        <h1 className="page__title">角色权限</h1>
        {canManage && (
          <button className="button button--primary" type="button" onClick={() => setEditing({ kind: 'new' })}>
            新建角色
          </button>
        )}
      </header>
      <p className="muted">权限按业务板块分为「查看」和「管理」：管理包含查看，还能新建、修改和删除。内置角色不能修改，需要不同的组合时可以新建自定义角色。</p>
      <SaveStatus state={action} saved="已删除" />
      {roles.status === 'loading' && <p className="muted">加载中…</p>}
      {roles.status === 'error' && <InlineError error={roles.error} onRetry={roles.reload} />}
      {roles.status === 'success' && roles.data.items.length === 0 && <p className="muted">还没有角色</p>}
      {roles.status === 'success' &&
        roles.data.items.map((role) => (
          <article key={role.id} className="chart-card" aria-label={`角色「${role.name}」`}>
            <header className="tag-group__header">
              <h2 className="chart-card__title">{role.name}</h2>
              <span className={`badge ${role.builtIn ? 'badge--blue' : 'badge--green'}`}>{role.builtIn ? '内置' : '自定义'}</span>
              <span className="muted">{role.accountCount} 个账号使用</span>
              {canManage && !role.builtIn && (
                <span className="tag-group__actions">
                  <button className="button button--link" type="button" onClick={() => setEditing({ kind: 'edit', role })}>
                    编辑
                  </button>
                  <button className="button button--link button--danger" type="button" onClick={() => setRemoving(role)}>
                    删除
                  </button>
                </span>
              )}
            </header>
            {role.description && <p className="muted">{role.description}</p>}
            <PermissionMatrix permissions={role.permissions} />
          </article>
        ))}

      {editing && (
        <RoleForm
          role={editing.kind === 'edit' ? editing.role : undefined}
          save={async (input) => {
            if (editing.kind === 'edit') await updateRole(editing.role.id, input)
            else await createRole(input)
            roles.refresh()
            setEditing(null)
          }}
          onClose={() => setEditing(null)}
        />
      )}
      <ConfirmDialog
        visible={removing !== null}
        title="删除角色"
        confirmText="确认删除"
        onConfirm={async () => {
          if (removing && (await runSave(setAction, () => deleteRole(removing.id)))) roles.refresh()
          setRemoving(null)
        }}
        onClose={() => setRemoving(null)}
      >
        {removing && <p>删除角色「{removing.name}」？还有账号使用的角色不能删除，需先为这些账号换角色。</p>}
      </ConfirmDialog>
    </section>
  )
}

/** Each area with what it covers and the level granted; with `onToggle`, the levels are ticks to change. */
function PermissionMatrix({ permissions, onToggle }: { permissions: readonly Permission[]; onToggle?: (next: Permission[]) => void }) {
  return (
    <table className="table permission-matrix" aria-label="权限">
      <thead>
        <tr>
          <th>板块</th>
          {PERMISSION_LEVELS.map((level) => (
            <th key={level}>{PERMISSION_LEVEL_TEXT[level]}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {PERMISSION_AREAS.map((area) => {
          const granted = levelOf(permissions, area)
          return (
            <tr key={area}>
              <td>
                {PERMISSION_AREA_TEXT[area]}
                <span className="muted permission-matrix__contents">{PERMISSION_AREA_CONTENTS[area]}</span>
              </td>
              {PERMISSION_LEVELS.map((level) => {
                const on = granted === 'manage' || granted === level
                const label = `${PERMISSION_AREA_TEXT[area]}·${PERMISSION_LEVEL_TEXT[level]}`
                return (
                  <td key={level}>
                    {onToggle ? (
                      <input type="checkbox" aria-label={label} checked={on} onChange={(event) => onToggle(toggle(permissions, area, level, event.target.checked))} />
                    ) : (
                      <span aria-label={label}>{on ? '✓' : '—'}</span>
                    )}
                  </td>
                )
              })}
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

function RoleForm({ role, save, onClose }: { role?: Role; save: (input: RoleInput) => Promise<void>; onClose: () => void }) {
  const initial: RoleInput = { name: role?.name ?? '', description: role?.description ?? '', permissions: role?.permissions ?? [] }
  const [form, setForm] = useState(initial)
  const [state, setState] = useState<SaveState>('idle')
  const dirty = JSON.stringify(form) !== JSON.stringify(initial)
  useUnsavedChanges(dirty)
  const problems = roleProblems(form)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (problems.length > 0) return
    await runSave(setState, () => save({ ...form, name: form.name.trim() }))
  }

  return (
    <Modal title={role ? `编辑角色「${role.name}」` : '新建角色'}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Field label="角色名称">
          <input className="field__input" value={form.name} maxLength={32} onChange={(event) => setForm({ ...form, name: event.target.value })} />
        </Field>
        <Field label="说明">
          <input className="field__input" value={form.description} maxLength={200} onChange={(event) => setForm({ ...form, description: event.target.value })} />
        </Field>
        <PermissionMatrix permissions={form.permissions} onToggle={(permissions) => setForm({ ...form, permissions })} />
        {form.permissions.length === 0 && <p className="muted">还没有勾选任何权限：这个角色的账号只能修改自己的密码。</p>}
        <FormFooter problems={dirty ? problems : []} state={state} canSubmit={problems.length === 0} label="保存" busyLabel="保存中…" onCancel={onClose} />
      </form>
    </Modal>
  )
}
