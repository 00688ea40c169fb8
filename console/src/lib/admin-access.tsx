import { createContext, useContext, type ReactNode } from 'react'
import { permits, type AdminSelf, type PermissionArea, type PermissionLevel } from '@liuliang/shared'
import { canOnPage, type PageKey } from '../app/navigation'

// The signed-in admin as GET /api/admin/me answers (who, permissions, departments), and the page open now.
const AdminSelfContext = createContext<AdminSelf | null>(null)
const OpenPageContext = createContext<PageKey | null>(null)

export const AdminSelfProvider = AdminSelfContext.Provider
export const OpenPageProvider = OpenPageContext.Provider

export function useAdminSelf(): AdminSelf {
  const self = useContext(AdminSelfContext)
  if (!self) throw new Error('useAdminSelf is used outside the signed-in console')
  return self
}

/**
 * Whether the admin may change what the open page shows (its area's `manage`): a view-only role sees the
 * page without its actions, rather than meeting the server's refusal after filling a form.
 */
export function useCanManage(): boolean {
  const self = useAdminSelf()
  const page = useContext(OpenPageContext)
  return page !== null && canOnPage(self, page, 'manage')
}

/** For an action filed under another area than its page's (a refund on the orders page is finance's). */
export function useCan(area: PermissionArea, level: PermissionLevel): boolean {
  return permits(useAdminSelf().permissions, area, level)
}

/** What only a role that may change the open page sees: create, save, delete and the like. */
export function ManageOnly({ children }: { children: ReactNode }) {
  return useCanManage() ? children : null
}
