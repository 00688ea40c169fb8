import type { Department } from '@liuliang/shared'
import { InlineError } from '@liuliang/ui/feedback'
import type { RequestResult } from '@liuliang/ui/use-request'

/** The names of an account's departments, or 全部门店 when it is not limited. */
export function departmentNames(ids: readonly number[], departments: readonly Department[]): string {
  if (ids.length === 0) return '全部（不限门店）'
  return ids.map((id) => departments.find((department) => department.id === id)?.name ?? `部门 #${id}`).join('、')
}

/**
 * WeCom's department tree as ticks: an account limited to departments sees the customers their guides
 * follow, sub-departments included. Nothing ticked: the whole brand.
 */
export function DepartmentPicker({
  tree,
  value,
  onChange,
}: {
  tree: RequestResult<{ items: Department[] }>
  value: number[]
  onChange: (ids: number[]) => void
}) {
  return (
    <fieldset className="field department-field">
      <legend className="field__label">门店范围（不选：全部门店；选了：只看所选部门及其下级部门导购的客户）</legend>
      {tree.status === 'loading' && <p className="muted">部门加载中…</p>}
      {tree.status === 'error' && <InlineError error={tree.error} onRetry={tree.reload} />}
      {tree.status === 'success' && tree.data.items.length === 0 && <p className="muted">还没有从企业微信读到部门</p>}
      {tree.status === 'success' && tree.data.items.length > 0 && (
        <div className="department-tree" role="group" aria-label="部门">
          {tree.data.items.map((department) => (
            <label key={department.id} style={{ paddingLeft: `${department.depth * 16}px` }}>
              <input
                type="checkbox"
                checked={value.includes(department.id)}
                onChange={(event) =>
                  onChange(event.target.checked ? [...value, department.id] : value.filter((id) => id !== department.id))
                }
              />{' '}
              {department.name}
              {department.leaders.length > 0 && <span className="muted">（负责人：{department.leaders.map((leader) => leader.name).join('、')}）</span>}
            </label>
          ))}
        </div>
      )}
    </fieldset>
  )
}
