import type {
  AdminAccount,
  AdminAccountList,
  AdminAccountUpdate,
  AdminInviteRequest,
  AdminSelf,
  DepartmentTree,
  RoleInput,
  RoleList,
  TemporaryPassword,
} from '@liuliang/shared'
import { useRequest } from '@liuliang/ui/use-request'
import { adminHttp } from '../../../lib/admin-http'

export const fetchSelf = (signal?: AbortSignal) => adminHttp.get<AdminSelf>('/api/admin/me', { signal })

export const useAccounts = () => useRequest((signal) => adminHttp.get<AdminAccountList>('/api/admin/admin-accounts', { signal }), [])
export const useRoles = () => useRequest((signal) => adminHttp.get<RoleList>('/api/admin/roles', { signal }), [])
export const useDepartments = () => useRequest((signal) => adminHttp.get<DepartmentTree>('/api/admin/departments', { signal }), [])

export const inviteAccount = (request: AdminInviteRequest) => adminHttp.post<TemporaryPassword>('/api/admin/admin-accounts', request)
export const updateAccount = (id: number, patch: AdminAccountUpdate) =>
  adminHttp.request<AdminAccount>('PATCH', `/api/admin/admin-accounts/${id}`, { body: patch })
export const resetPassword = (id: number) => adminHttp.post<TemporaryPassword>(`/api/admin/admin-accounts/${id}/password-reset`)

export const createRole = (input: RoleInput) => adminHttp.post<{ id: number }>('/api/admin/roles', input)
export const updateRole = (id: number, input: RoleInput) => adminHttp.request<void>('PUT', `/api/admin/roles/${id}`, { body: input })
export const deleteRole = (id: number) => adminHttp.request<void>('DELETE', `/api/admin/roles/${id}`)
