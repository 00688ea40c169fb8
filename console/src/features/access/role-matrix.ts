import { PERMISSION_AREAS, type Permission, type PermissionArea, type PermissionLevel } from '@liuliang/shared'

/** An area's level in a set of permissions: `manage` implies `view`; null when the area is not granted. */
export function levelOf(permissions: readonly Permission[], area: PermissionArea): PermissionLevel | null {
  if (permissions.includes(`${area}:manage`)) return 'manage'
  return permissions.includes(`${area}:view`) ? 'view' : null
}

/** The permissions with one area set to a level (or taken away), one entry per area, in the areas' order. */
export function withLevel(permissions: readonly Permission[], area: PermissionArea, level: PermissionLevel | null): Permission[] {
  return PERMISSION_AREAS.flatMap((each) => {
    const next = each === area ? level : levelOf(permissions, each)
    return next ? [`${each}:${next}` as const] : []
  })
}

/** A ticked box in the matrix: ticking 管理 also gives 查看; unticking 查看 also takes 管理. */
export function toggle(permissions: readonly Permission[], area: PermissionArea, level: PermissionLevel, on: boolean): Permission[] {
  if (on) return withLevel(permissions, area, level === 'manage' || levelOf(permissions, area) === 'manage' ? 'manage' : 'view')
  return withLevel(permissions, area, level === 'manage' ? 'view' : null)
}
