import { PERMISSION_AREA_TEXT, PERMISSION_LEVEL_TEXT, type PermissionArea, type PermissionLevel } from '@liuliang/shared'
import { pageLabel, SCOPED_PAGES, type PageKey, type PageRefusal } from '../../../app/navigation'

/** A page opened by its address that the admin may not use: what it needs, instead of a page of refusals. */
export function NoAccess({ page, refusal, roleName }: { page: PageKey; refusal: Exclude<PageRefusal, null>; roleName: string }) {
  const label = pageLabel(page)
  let reason: string
  if (refusal.kind === 'permission') {
    const [area, level] = refusal.permission.split(':') as [PermissionArea, PermissionLevel]
    reason = `打开「${label}」需要「${PERMISSION_AREA_TEXT[area]}」的${PERMISSION_LEVEL_TEXT[level]}权限，你的角色（${roleName}）没有。`
  } else {
    const open = [...SCOPED_PAGES].map((key) => `「${pageLabel(key)}」`).join('、')
    reason = `你的账号只能使用所辖门店的客户，「${label}」不对门店账号开放；可以使用${open}。`
  }
  return (
    <section className="page" aria-label="无权限">
      <header className="page__header">
        <h1 className="page__title">无权限</h1>
      </header>
      <p className="notice" role="alert">
        {reason}
      </p>
      <p className="muted">如需使用，请联系所有者在「设置 → 账号管理」为你调整角色或门店范围。</p>
    </section>
  )
}
