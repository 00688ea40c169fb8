import { useState, type FormEvent } from 'react'
import { Button, Input } from '@liuliang/ui/nutui'
import { isValidStaffUserId, type DevDouble } from '../../../lib/wecom'

/** Quick picks for the demo guides; any other WeCom userid works too. */
export const QUICK_GUIDES = ['guide_li', 'guide_wang', 'guide_zhao', 'admin_chen'] as const

/** Stands in for WeCom OAuth: the chosen guide logs in with a fresh sandbox code `test_<userid>~…`. */
export function GuidePicker({ double }: { double: DevDouble }) {
  const [userId, setUserId] = useState('')
  const [invalid, setInvalid] = useState(false)

  const pick = (id: string) => {
    const trimmed = id.trim()
    if (!isValidStaffUserId(trimmed)) {
      setInvalid(true)
      return
    }
    double.pickGuide(trimmed)
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    pick(userId)
  }

  return (
    <section className="double-card" aria-label="选择导购">
      <h2 className="double-card__title">以哪位导购的身份登录？</h2>
      <div className="quick-picks">
        {QUICK_GUIDES.map((id) => (
          <Button key={id} size="small" fill="outline" onClick={() => pick(id)}>
            {id}
          </Button>
        ))}
      </div>
      <form className="inline-form" onSubmit={submit}>
        <Input
          className="inline-form__input"
          value={userId}
          placeholder="或输入导购的企业微信账号"
          clearable
          onChange={(value) => {
            setUserId(value)
            setInvalid(false)
          }}
        />
        <Button type="primary" size="small" nativeType="submit" disabled={userId.trim() === ''}>
          登录
        </Button>
      </form>
      {invalid ? (
        <p className="double-card__error" role="alert">
          账号只能包含字母、数字和 _ . @ -
        </p>
      ) : (
        <p className="double-card__hint">将以沙箱登录码 test_{userId.trim() || '<账号>'}~… 登录（每次登录都换新码）</p>
      )}
    </section>
  )
}
