import { useState, type FormEvent } from 'react'
import type { Customer360Profile, UpdateCustomerProfileRequest } from '@liuliang/shared'
import { errorMessage } from '../../errors'
import { FormFooter } from '../../feedback'
import { formatDate } from '../../format'
import { Button } from '../../nutui'
import { PROFILE_FIELD_LABELS } from '../labels'
import type { Customer360Guide } from '../source'

type EditableField = 'remark' | 'city' | 'birthday'
type UpdateProfile = Customer360Guide['updateProfile']

/** Profile details, and for a guide the form for what guides keep about the customer. */
export function ProfilePanel({
  profile,
  editor,
}: {
  profile: Customer360Profile
  editor?: { updateProfile: UpdateProfile; onSaved: (profile: Customer360Profile) => void }
}) {
  const [editing, setEditing] = useState(false)
  if (editor && editing) {
    return (
      <ProfileForm
        updateProfile={editor.updateProfile}
        profile={profile}
        onDone={(saved) => {
          setEditing(false)
          if (saved) editor.onSaved(saved)
        }}
      />
    )
  }
  const rows: [string, string | null][] = [
    [PROFILE_FIELD_LABELS.remark as string, profile.remark],
    [PROFILE_FIELD_LABELS.phone as string, profile.phoneMasked],
    [PROFILE_FIELD_LABELS.city as string, profile.city],
    [PROFILE_FIELD_LABELS.birthday as string, profile.birthday],
    ['企业', profile.corpName],
    ['成为客户', formatDate(profile.createdAt)],
    ['注册小程序', profile.mpRegisteredAt && formatDate(profile.mpRegisteredAt)],
  ]
  return (
    <div>
      <dl className="fields">
        {rows.map(([label, value]) => (
          <div key={label} className="fields__row">
            <dt>{label}</dt>
            <dd>{value ?? <span className="muted">未填写</span>}</dd>
          </div>
        ))}
      </dl>
      {editor && (
        <Button size="small" block fill="outline" onClick={() => setEditing(true)}>
          编辑资料
        </Button>
      )}
    </div>
  )
}

/** Sends only what changed; an emptied field is cleared, and the phone (never shown whole) only when typed. */
function ProfileForm({
  updateProfile,
  profile,
  onDone,
}: {
  updateProfile: UpdateProfile
  profile: Customer360Profile
  onDone: (saved: Customer360Profile | null) => void
}) {
  const [values, setValues] = useState<Record<EditableField | 'phone', string>>({
    remark: profile.remark ?? '',
    city: profile.city ?? '',
    birthday: profile.birthday ?? '',
    phone: '',
  })
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const change: UpdateCustomerProfileRequest = {}
    for (const field of ['remark', 'city', 'birthday'] as const) {
      const value = values[field].trim()
      if (value !== (profile[field] ?? '')) change[field] = value === '' ? null : value
    }
    if (values.phone.trim() !== '') change.phone = values.phone.trim()
    if (Object.keys(change).length === 0) return onDone(null)
    setSaving(true)
    setError(null)
    try {
      onDone(await updateProfile(change))
    } catch (failure) {
      setError(errorMessage(failure))
      setSaving(false)
    }
  }

  const input = (field: EditableField | 'phone', type: string, extra: Record<string, string | number> = {}) => (
    <label className="form-row">
      <span>{PROFILE_FIELD_LABELS[field]}</span>
      <input
        className="input"
        type={type}
        value={values[field]}
        onChange={(event) => setValues({ ...values, [field]: event.target.value })}
        {...extra}
      />
    </label>
  )

  return (
    <form className="profile-form" onSubmit={submit}>
      {input('remark', 'text', { maxLength: 40, placeholder: '例如：王姐 · 老客户' })}
      {input('phone', 'tel', { maxLength: 11, placeholder: profile.phoneMasked ?? '11 位手机号', inputMode: 'numeric' })}
      {input('city', 'text', { maxLength: 30 })}
      {input('birthday', 'date')}
      <FormFooter error={error} saving={saving} saveLabel="保存资料" onCancel={() => onDone(null)} />
    </form>
  )
}
