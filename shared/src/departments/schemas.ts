// WeCom's department tree (通讯录部门) as the server mirrors it: stores and teams, their members and leaders.
import { Type, type Static } from 'typebox'
import { Nullable } from '../common/nullable'

const StaffRef = Type.Object({ staffId: Type.Integer(), userId: Type.String(), name: Type.String() })

export const DepartmentSchema = Type.Object({
  id: Type.Integer({ description: 'WeCom department id' }),
  name: Type.String(),
  parentId: Nullable(Type.Integer({ description: 'null for the root, the corp itself' })),
  depth: Type.Integer({ minimum: 0, description: '0 for the root' }),
  memberCount: Type.Integer({ minimum: 0, description: 'Staff sitting in this department itself' }),
  leaders: Type.Array(StaffRef),
})
export type Department = Static<typeof DepartmentSchema>

export const DepartmentTreeSchema = Type.Object({
  items: Type.Array(DepartmentSchema, { description: 'Depth first, each department before its children, siblings in WeCom’s order' }),
})
export type DepartmentTree = Static<typeof DepartmentTreeSchema>

export const DirectorySyncResultSchema = Type.Object({
  departments: Type.Integer({ description: 'Departments read from WeCom' }),
  removed: Type.Integer({ description: 'Departments we held that WeCom no longer lists' }),
  memberships: Type.Integer({ description: 'Staff–department rows stored for staff we know' }),
  leaders: Type.Integer({ description: 'Of those, the ones where the member leads the department' }),
})
export type DirectorySyncResult = Static<typeof DirectorySyncResultSchema>
