import { useState, type FormEvent } from 'react'
import type { AdminAccount, Role, TemporaryPassword } from '@liuliang/shared'
import { ConfirmDialog } from '@liuliang/ui/confirm-dialog'
import { formatDateTime } from '@liuliang/ui/format'
import { DataTable } from '../../../lib/data-table'
import { Field } from '../../../lib/field'
import { useAdminSelf, useCanManage } from '../../../lib/admin-access'
import { runSave, SaveStatus, type SaveState } from '../../../lib/save-state'
import { useUnsavedChanges } from '../../../lib/unsaved-changes'
import { FormFooter } from '../../../lib/form-footer'
import { inviteAccount, resetPassword, updateAccount, useAccounts, useDepartments, useRoles } from '../api/access'
import { accountChanges, accountProblems } from '../account-checks'
import { DepartmentPicker, departmentNames } from './department-picker'
import { Modal } from './modal'
import '../access.css'

type Dialog =
  | { kind: 'invite' }
  | { kind: 'edit'; account: AdminAccount }
  | { kind: 'toggle'; account: AdminAccount }
  | { kind: 'reset'; account: AdminAccount }
  | { kind: 'password'; result: TemporaryPassword; reason: 'invite' | 'reset' }
  | null

const statusOf = (account: AdminAccount) =>
  account.disabled ? (
    <span className="badge badge--red">已停用</span>
  ) : account.mustChangePassword ? (
    <span className="badge badge--blue">待设置密码</span>
  ) : (
    <span className="badge badge--green">启用</span>
  )

/** 账号管理: who may use the console, with which role and over which stores; invites, edits, disabling and resets. */
export function AccountsPage() {
  const me = useAdminSelf()
  const canManage = useCanManage()
  const accounts = useAccounts()
  const roles = useRoles()
  const departments = useDepartments()
  const [dialog, setDialog] = useState<Dialog>(null)
  const [action, setAction] = useState<SaveState>('idle')
  const departmentList = departments.status === 'success' ? departments.data.items : []
  const roleList = roles.status === 'success' ? roles.data.items : []

  // A confirmation closes itself after its step, by which time a reset has opened the new password: only it is closed.
  const closeIf = (kind: 'toggle' | 'reset') => setDialog((open) => (open?.kind === kind ? null : open))
  const toggleDisabled = async (account: AdminAccount) => {
    const done = await runSave(setAction, () => updateAccount(account.id, { disabled: !account.disabled }))
    if (done) accounts.refresh()
  }
  const reset = async (account: AdminAccount) => {
    setAction('saving')
    try {
      const result = await resetPassword(account.id)
      setAction('idle')
      accounts.refresh()
      setDialog({ kind: 'password', result, reason: 'reset' })
    } catch (error) {
      setAction({ error })
      setDialog(null)
    }
  }

  return (
    <section className="page">
      <header className="page__header">
        <h1 className="page__title">账号管理</h1>
        {canManage && (
          <button className="button button--primary" type="button" onClick={() => setDialog({ kind: 'invite' })}>
            邀请同事
          </button>
        )}
      </header>
      <p className="muted">
        每位同事用自己的账号登录，角色决定能看和能改哪些页面；限定了门店的账号只看所辖门店导购的客户。改角色、门店或停用会让对方立即退出登录。
      </p>
      <SaveStatus state={action} saved="已完成" />
      <DataTable headings={['账号', '角色', '门店范围', '状态', '最近登录', canManage ? '操作' : '']} state={accounts} empty="还没有账号">
        {accounts.status === 'success' &&
          accounts.data.items.map((account) => (
            <tr key={account.id} aria-label={`账号 ${account.username}`}>
              <td>
                {account.displayName}
                <span className="muted"> {account.username}</span>
                {account.id === me.id && <span className="muted">（我）</span>}
              </td>
              <td>{account.role.name}</td>
              <td>{departmentNames(account.departmentIds, departmentList)}</td>
              <td>{statusOf(account)}</td>
              <td>{account.lastLoginAt ? formatDateTime(account.lastLoginAt) : '从未登录'}</td>
              <td>
                {canManage && (
                  <span className="badges">
                    <button className="button button--link" type="button" onClick={() => setDialog({ kind: 'edit', account })}>
                      编辑
                    </button>
                    {/* Their own account: the password is changed with the current one (修改密码), and it is never disabled. */}
                    {account.id !== me.id && (
                      <>
                        <button className="button button--link" type="button" onClick={() => setDialog({ kind: 'reset', account })}>
                          重置密码
                        </button>
                        <button
                          className={`button button--link${account.disabled ? '' : ' button--danger'}`}
                          type="button"
                          onClick={() => setDialog({ kind: 'toggle', account })}
                        >
                          {account.disabled ? '启用' : '停用'}
                        </button>
                      </>
                    )}
                  </span>
                )}
              </td>
            </tr>
          ))}
      </DataTable>

      {dialog?.kind === 'invite' && (
        <AccountForm
          title="邀请同事"
          roles={roleList}
          departments={departments}
          submitLabel="邀请并生成一次性密码"
          save={async (form) => {
            const result = await inviteAccount(form)
            accounts.refresh()
            setDialog({ kind: 'password', result, reason: 'invite' })
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'edit' && (
        <AccountForm
          title={`编辑账号「${dialog.account.username}」`}
          account={dialog.account}
          roles={roleList}
          departments={departments}
          submitLabel="保存"
          save={async (form) => {
            const changes = accountChanges(dialog.account, form)
            if (Object.keys(changes).length > 0) await updateAccount(dialog.account.id, changes)
            accounts.refresh()
            setDialog(null)
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'password' && <OneTimePassword {...dialog} onClose={() => setDialog(null)} />}
      <ConfirmDialog
        visible={dialog?.kind === 'toggle'}
        title={dialog?.kind === 'toggle' && dialog.account.disabled ? '启用账号' : '停用账号'}
        confirmText={dialog?.kind === 'toggle' && dialog.account.disabled ? '确认启用' : '确认停用'}
        onConfirm={async () => {
          if (dialog?.kind === 'toggle') await toggleDisabled(dialog.account)
          setDialog(null)
        }}
        onClose={() => closeIf('toggle')}
      >
        {dialog?.kind === 'toggle' &&
          (dialog.account.disabled ? (
            <p>启用后，{dialog.account.displayName}（{dialog.account.username}）可以用原来的密码再次登录。</p>
          ) : (
            <p>停用后，{dialog.account.displayName}（{dialog.account.username}）会立即退出登录，且不能再登录，直到再次启用。</p>
          ))}
      </ConfirmDialog>
      <ConfirmDialog
        visible={dialog?.kind === 'reset'}
        title="重置密码"
        confirmText="确认重置"
        onConfirm={() => (dialog?.kind === 'reset' ? reset(dialog.account) : undefined)}
        onClose={() => closeIf('reset')}
      >
        {dialog?.kind === 'reset' && (
          <p>
            将为 {dialog.account.displayName}（{dialog.account.username}）生成新的一次性密码，原密码立即失效、对方退出登录；对方下次登录后需要设置自己的密码。
          </p>
        )}
      </ConfirmDialog>
    </section>
  )
}

interface AccountFields {
  username: string
  displayName: string
  roleId: number
  departmentIds: number[]
}

/** The invite form, and the edit form of an existing account (its username stays). */
function AccountForm({
  title,
  account,
  roles,
  departments,
  submitLabel,
  save,
  onClose,
}: {
  title: string
  account?: AdminAccount
  roles: Role[]
  departments: Parameters<typeof DepartmentPicker>[0]['tree']
  submitLabel: string
  save: (form: AccountFields) => Promise<void>
  onClose: () => void
}) {
  const initial: AccountFields = {
    username: account?.username ?? '',
    displayName: account?.displayName ?? '',
    roleId: account?.role.id ?? 0,
    departmentIds: account?.departmentIds ?? [],
  }
  const [form, setForm] = useState(initial)
  const [state, setState] = useState<SaveState>('idle')
  const dirty = JSON.stringify(form) !== JSON.stringify(initial)
  useUnsavedChanges(dirty)
  const problems = accountProblems(form)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (problems.length > 0) return
    await runSave(setState, () => save({ ...form, username: form.username.trim(), displayName: form.displayName.trim() }))
  }
  const chosen = roles.find((role) => role.id === form.roleId)

  return (
    <Modal title={title}>
      <form className="form-narrow" onSubmit={(event) => void submit(event)} noValidate>
        <Field label="用户名（登录用，字母、数字和 _ . @ -）">
          <input
            className="field__input"
            value={form.username}
            disabled={account !== undefined}
            maxLength={64}
            autoComplete="off"
            onChange={(event) => setForm({ ...form, username: event.target.value })}
          />
        </Field>
        <Field label="姓名">
          <input className="field__input" value={form.displayName} maxLength={32} onChange={(event) => setForm({ ...form, displayName: event.target.value })} />
        </Field>
        <Field label="角色">
          <select className="field__input" value={form.roleId} onChange={(event) => setForm({ ...form, roleId: Number(event.target.value) })}>
            <option value={0}>请选择角色</option>
            {roles.map((role) => (
              <option key={role.id} value={role.id}>
                {role.name}
              </option>
            ))}
          </select>
        </Field>
        {chosen && <p className="muted">{chosen.description}</p>}
        <DepartmentPicker tree={departments} value={form.departmentIds} onChange={(departmentIds) => setForm({ ...form, departmentIds })} />
        <FormFooter problems={dirty ? problems : []} state={state} canSubmit={problems.length === 0 && dirty} label={submitLabel} busyLabel="保存中…" onCancel={onClose} />
      </form>
    </Modal>
  )
}

/** The one-time password, shown once: it is not stored readable anywhere, so it is copied or written down now. */
function OneTimePassword({ result, reason, onClose }: { result: TemporaryPassword; reason: 'invite' | 'reset'; onClose: () => void }) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle')
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(result.temporaryPassword)
      setCopied('copied')
    } catch {
      setCopied('failed')
    }
  }
  const who = `${result.account.displayName}（${result.account.username}）`
  return (
    <Modal title="一次性密码">
      <p>{reason === 'invite' ? `已邀请${who}。` : `已为${who}重置密码。`}请把下面的一次性密码交给对方，对方登录后需要立即设置自己的密码。</p>
      <div className="one-time-password">
        <code className="one-time-password__value" aria-label="一次性密码">
          {result.temporaryPassword}
        </code>
        <button className="button" type="button" onClick={() => void copy()}>
          复制
        </button>
        {copied === 'copied' && (
          <span className="muted" role="status">
            已复制
          </span>
        )}
        {copied === 'failed' && (
          <span className="form-error" role="alert">
            浏览器不允许复制，请手动选中后复制
          </span>
        )}
      </div>
      <p className="notice" role="note">
        这个密码只显示这一次，关闭后无法再次查看。请通过当面或企业微信私聊等安全的方式交给对方；如果遗失，可以再次重置密码。
      </p>
      <div>
        <button className="button button--primary" type="button" onClick={onClose}>
          我已记下，关闭
        </button>
      </div>
    </Modal>
  )
}
