import { useState, type FormEvent } from 'react'
import type { AdminSession, SignOutReason } from '../../../lib/admin-session'
import { logIn } from '../api/login'
import { loginErrorMessage } from '../login-error'

export function LoginPage({
  onSignedIn,
  signOutReason,
}: {
  onSignedIn: (session: AdminSession) => void
  signOutReason: SignOutReason | null
}) {
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [submitting, setSubmitting] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (username.trim() === '' || password === '') {
      setError('请输入用户名和密码')
      return
    }
    setSubmitting(true)
    setError(null)
    try {
      onSignedIn(await logIn({ username: username.trim(), password }))
    } catch (failure) {
      setError(loginErrorMessage(failure))
      setSubmitting(false)
    }
  }

  return (
    <div className="login">
      <form className="login__card" onSubmit={submit} noValidate>
        <h1 className="login__title">留量 · 管理后台</h1>
        {signOutReason === 'expired' && error === null && (
          <p className="notice" role="status">
            登录已过期，请重新登录
          </p>
        )}
        {signOutReason === 'password-changed' && error === null && (
          <p className="notice" role="status">
            密码已修改，请用新密码登录
          </p>
        )}
        <label className="field">
          <span className="field__label">用户名</span>
          <input
            className="field__input"
            name="username"
            autoComplete="username"
            value={username}
            onChange={(event) => setUsername(event.target.value)}
            autoFocus
          />
        </label>
        <label className="field">
          <span className="field__label">密码</span>
          <input
            className="field__input"
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        {error !== null && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button className="button button--primary button--block" type="submit" disabled={submitting}>
          {submitting ? '登录中…' : '登录'}
        </button>
      </form>
    </div>
  )
}
