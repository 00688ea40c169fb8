import { useState, type FormEvent } from 'react'
import { errorMessage } from '@liuliang/ui/errors'
import { adminSession } from '../../../lib/admin-http'
import { useUnsavedChanges } from '../../../lib/unsaved-changes'
import { changePassword } from '../api/change-password'

const MIN_LENGTH = 8

/** `required`: the account signed in with a one-time password and must choose its own before anything else. */
export function ChangePasswordPage({ required = false }: { required?: boolean }) {
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [repeat, setRepeat] = useState('')
  const [state, setState] = useState<'idle' | 'saving' | { error: string }>('idle')

  useUnsavedChanges(current !== '' || next !== '' || repeat !== '')
  const problem =
    next.length > 0 && next.length < MIN_LENGTH
      ? `新密码至少 ${MIN_LENGTH} 位`
      : repeat.length > 0 && repeat !== next
        ? '两次输入的新密码不一致'
        : null

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (problem || !current || !next || repeat !== next) return
    setState('saving')
    try {
      await changePassword({ currentPassword: current, newPassword: next })
      // The change ended every session of this admin, this one too: back to the login page.
      adminSession.signOut('password-changed')
    } catch (error) {
      setState({ error: errorMessage(error) })
    }
  }

  return (
    <section className="page">
      <header className="page__header">
        <h1 className="page__title">{required ? '设置你自己的密码' : '修改密码'}</h1>
      </header>
      {required && (
        <p className="notice" role="status">
          你正在使用管理员发给你的一次性密码。为了账号安全，请先设置只有你知道的新密码，之后才能使用管理后台。保存后需要用新密码重新登录。
        </p>
      )}
      <form className="form-narrow" onSubmit={submit} noValidate>
        {[
          { label: required ? '当前密码（一次性密码）' : '当前密码', value: current, set: setCurrent, autoComplete: 'current-password' },
          { label: '新密码', value: next, set: setNext, autoComplete: 'new-password' },
          { label: '再次输入新密码', value: repeat, set: setRepeat, autoComplete: 'new-password' },
        ].map((field) => (
          <label className="field" key={field.label}>
            <span className="field__label">{field.label}</span>
            <input
              className="field__input"
              type="password"
              autoComplete={field.autoComplete}
              value={field.value}
              onChange={(event) => {
                field.set(event.target.value)
                if (state !== 'saving') setState('idle')
              }}
            />
          </label>
        ))}
        {problem && <p className="form-error">{problem}</p>}
        {typeof state === 'object' && (
          <p className="form-error" role="alert">
            {state.error}
          </p>
        )}
        <button
          className="button button--primary"
          type="submit"
          disabled={state === 'saving' || problem !== null || !current || !next || repeat !== next}
        >
          {state === 'saving' ? '保存中…' : '保存'}
        </button>
      </form>
    </section>
  )
}
