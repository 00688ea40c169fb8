import { STAFF_USER_ID_PATTERN, type LiveCode, type Staff, type TagPickerList } from '@liuliang/shared'
import { useState } from 'react'
import { TextField } from '../../../lib/field'
import { createLiveCode, updateLiveCode } from '../api/acquisition'
import { BLANK_LIVE_CODE, formOf, liveCodeProblems, liveCodeRequest, NAME_MAX, type LiveCodeForm } from '../live-code-form'
import { EditorFrame, SelectField, useEditor } from './editor-frame'
import { WelcomePreview, WelcomeTextField } from './welcome-preview'

type Role = 'primary' | 'backup' | 'none'
const ROLE_TEXT: Record<Role, string> = { primary: '接待', backup: '备用', none: '不参与' }
const ALLOCATION_CHOICES = [
  ['round_robin', '轮流接待'],
  ['weight', '按权重'],
] as const

/** Creates a live code, or edits `code`; the guide pool is picked from the members the console knows. */
export function LiveCodeEditor({
  code,
  staff,
  tagGroups,
  onSaved,
  onClose,
}: {
  code: LiveCode | null
  staff: Staff[]
  tagGroups: TagPickerList['groups']
  onSaved: (code: LiveCode) => void
  onClose: () => void
}) {
  const editor = useEditor({
    initial: code ? formOf(code) : BLANK_LIVE_CODE,
    problemsOf: liveCodeProblems,
    save: (draft: LiveCodeForm) => (code ? updateLiveCode(code.id, liveCodeRequest(draft)) : createLiveCode(liveCodeRequest(draft))),
    onSaved,
  })
  const { draft, set } = editor
  const [newMember, setNewMember] = useState('')
  const [extraMembers, setExtraMembers] = useState<string[]>([])

  const names = new Map(staff.map((member) => [member.userId, member.name]))
  for (const member of [...(code?.staff ?? []), ...(code?.backupStaff ?? [])]) names.set(member.staffUserId, member.staffName)
  const addsToday = new Map((code?.staff ?? []).concat(code?.backupStaff ?? []).map((m) => [m.staffUserId, m.addsToday]))
  const members = [...new Set([...staff.map((member) => member.userId), ...draft.staffUserIds, ...draft.backupStaffUserIds, ...extraMembers])]
  const roleOf = (userId: string): Role =>
    draft.staffUserIds.includes(userId) ? 'primary' : draft.backupStaffUserIds.includes(userId) ? 'backup' : 'none'
  const setRole = (userId: string, role: Role) => {
    const without = (list: string[]) => list.filter((id) => id !== userId)
    set({
      staffUserIds: role === 'primary' ? [...without(draft.staffUserIds), userId] : without(draft.staffUserIds),
      backupStaffUserIds: role === 'backup' ? [...without(draft.backupStaffUserIds), userId] : without(draft.backupStaffUserIds),
    })
  }
  const addMember = () => {
    const userId = newMember.trim()
    if (!new RegExp(STAFF_USER_ID_PATTERN).test(userId)) return
    setExtraMembers([...extraMembers, userId])
    if (roleOf(userId) === 'none') setRole(userId, 'primary')
    setNewMember('')
  }
  // A group whose tags exclude each other keeps one: picking a tag there drops its siblings.
  const toggleTag = (group: TagPickerList['groups'][number], tagId: number) => {
    if (draft.tagIds.includes(tagId)) return set({ tagIds: draft.tagIds.filter((id) => id !== tagId) })
    const siblings = group.exclusive ? group.tags.map((tag) => tag.id) : []
    set({ tagIds: [...draft.tagIds.filter((id) => !siblings.includes(id)), tagId] })
  }

  return (
    <EditorFrame
      label={code ? '编辑活码' : '新建活码'}
      title={code ? `编辑「${code.name}」` : '新建活码'}
      submitLabel={code ? '保存' : '创建活码'}
      editor={editor}
      preview={<WelcomePreview text={draft.welcomeText} staffName={names.get(draft.staffUserIds[0] ?? '')} />}
      onClose={onClose}
    >
        <TextField label={`活码名称（渠道，最多 ${NAME_MAX} 字）`} name="name" value={draft.name} onValue={(name) => set({ name })} />

        <div className="field">
          <span className="field__label">导购（接待：轮流或按权重接待新客户；备用：接待导购都满额或不在接待时段时接待）</span>
          <table className="table pool-table" aria-label="导购">
            <thead>
              <tr>
                <th>导购</th>
                <th>角色</th>
                {draft.allocation === 'weight' && <th>权重</th>}
                {code && <th>今日添加</th>}
              </tr>
            </thead>
            <tbody>
              {members.length === 0 && (
                <tr>
                  <td className="table__state" colSpan={4}>
                    还没有导购登录过侧边栏，请在下方按企业微信账号添加
                  </td>
                </tr>
              )}
              {members.map((userId) => (
                <tr key={userId}>
                  <td>
                    {names.get(userId) ?? userId} <span className="muted mono">{userId}</span>
                  </td>
                  <td>
                    <select className="field__input" aria-label={`${names.get(userId) ?? userId}的角色`} value={roleOf(userId)} onChange={(e) => setRole(userId, e.target.value as Role)}>
                      {(Object.keys(ROLE_TEXT) as Role[]).map((role) => (
                        <option key={role} value={role}>
                          {ROLE_TEXT[role]}
                        </option>
                      ))}
                    </select>
                  </td>
                  {draft.allocation === 'weight' && (
                    <td>
                      {roleOf(userId) === 'primary' && (
                        <input
                          className="field__input"
                          type="number"
                          min={1}
                          max={100}
                          aria-label={`${names.get(userId) ?? userId}的权重`}
                          value={draft.weights[userId] ?? '1'}
                          onChange={(e) => set({ weights: { ...draft.weights, [userId]: e.target.value } })}
                        />
                      )}
                    </td>
                  )}
                  {code && <td>{addsToday.get(userId) ?? 0}</td>}
                </tr>
              ))}
            </tbody>
          </table>
          <div className="placeholder-bar">
            <input className="field__input" aria-label="成员企业微信账号" placeholder="按企业微信账号添加，如 guide_sun" value={newMember} maxLength={64} onChange={(e) => setNewMember(e.target.value)} />
            <button className="button" type="button" disabled={!newMember.trim()} onClick={addMember}>
              添加成员
            </button>
          </div>
        </div>

        <SelectField label="分配方式" name="allocation" value={draft.allocation} choices={ALLOCATION_CHOICES} onValue={(allocation) => set({ allocation })} />
        <TextField label="每位导购每日添加上限（不限请留空）" name="dailyAddLimit" type="number" min={1} max={10000} value={draft.dailyAddLimit} onValue={(dailyAddLimit) => set({ dailyAddLimit })} />
        <label className="placeholder-bar">
          <input type="checkbox" checked={draft.shift} onChange={(e) => set({ shift: e.target.checked })} />
          设置接待时段（时段外由备用导购接待）
        </label>
        {draft.shift && (
          <div className="placeholder-bar">
            <input className="field__input" type="time" aria-label="接待开始时间" value={draft.shiftStart} onChange={(e) => set({ shiftStart: e.target.value })} />
            至
            <input className="field__input" type="time" aria-label="接待结束时间" value={draft.shiftEnd} onChange={(e) => set({ shiftEnd: e.target.value })} />
          </div>
        )}
        <label className="placeholder-bar">
          <input type="checkbox" checked={draft.skipVerify} onChange={(e) => set({ skipVerify: e.target.checked })} />
          客户添加时无需导购确认
        </label>

        <div className="field">
          <span className="field__label">添加后自动打标签</span>
          {tagGroups.length === 0 && <span className="muted">还没有标签</span>}
          {tagGroups.map((group) => (
            <div key={group.id} className="chips">
              <span className="muted">
                {group.name}
                {group.exclusive ? '（单选）' : ''}：
              </span>
              {group.tags.map((tag) => (
                <button key={tag.id} type="button" className={`chip${draft.tagIds.includes(tag.id) ? ' chip--on' : ''}`} aria-pressed={draft.tagIds.includes(tag.id)} onClick={() => toggleTag(group, tag.id)}>
                  {tag.name}
                </button>
              ))}
            </div>
          ))}
        </div>

        <WelcomeTextField label="这个活码的欢迎语（留空则按导购、部门或默认欢迎语发送）" value={draft.welcomeText} onValue={(welcomeText) => set({ welcomeText })} />

    </EditorFrame>
  )
}
