import { lazy, Suspense, useEffect, useRef, useState, useSyncExternalStore, type ComponentType } from 'react'
import { PERMISSION_AREA_TEXT, type AdminSelf } from '@liuliang/shared'
import { CustomerListPage } from '../features/customers/components/customer-list-page'
import { LotteriesPage } from '../features/lotteries/components/lotteries-page'
import { OrdersPage } from '../features/conversion/components/orders-page'
import { AfterSalesPage } from '../features/fulfilment/components/after-sales-page'
import { WithdrawalsPage } from '../features/conversion/components/withdrawals-page'
import { ProductsPage } from '../features/conversion/components/products-page'
import { ShopSettingsPage } from '../features/shop/components/shop-settings-page'
import { GroupbuysPage } from '../features/conversion/components/groupbuys-page'
import { DistributionPage } from '../features/conversion/components/distribution-page'
import { ChangePasswordPage } from '../features/auth/components/change-password-page'
import { CheckinRulesPage } from '../features/loyalty/components/checkin-rules-page'
import { CouponTemplatesPage } from '../features/loyalty/components/coupon-templates-page'
import { CouponOperationsPage } from '../features/coupons/components/coupon-operations-page'
import { LevelsPage } from '../features/loyalty/components/levels-page'
import { MallItemsPage } from '../features/loyalty/components/mall-items-page'
import { PointsAdjustPage } from '../features/loyalty/components/points-adjust-page'
import { LiveCodesPage } from '../features/acquisition/components/live-codes-page'
import { WelcomeMessagesPage } from '../features/acquisition/components/welcome-messages-page'
import { GroupsPage } from '../features/customer-groups/components/groups-page'
import { GroupLiveCodesPage } from '../features/customer-groups/components/group-live-codes-page'
import { GroupWelcomesPage } from '../features/customer-groups/components/group-welcomes-page'
import { BroadcastsPage } from '../features/broadcasts/components/broadcasts-page'
import { InheritancePage } from '../features/inheritance/components/inheritance-page'
import { LoginPage } from '../features/auth/components/login-page'
import { logOut } from '../features/auth/api/logout'
import { ScriptsPage } from '../features/scripts/components/scripts-page'
import { TagsPage } from '../features/tags/components/tags-page'
import { RfmSettingsPage } from '../features/rfm/components/rfm-settings-page'
import { LeadsPage } from '../features/leads/components/leads-page'
import { SubscriptionMessagesPage } from '../features/subscription-messages/components/subscription-messages-page'
import { MomentsPage } from '../features/moments/components/moments-page'
import { SopsPage } from '../features/sops/components/sops-page'
import { FissionPage } from '../features/fission/components/fission-page'
import { AuditLogPage } from '../features/audit/components/audit-log-page'
import { MaterialsPage } from '../features/materials/components/materials-page'
import { AccountsPage } from '../features/access/components/accounts-page'
import { RolesPage } from '../features/access/components/roles-page'
import { NoAccess } from '../features/access/components/no-access'
import { fetchSelf } from '../features/access/api/access'
import { InlineError } from '@liuliang/ui/feedback'
import { useRequest } from '@liuliang/ui/use-request'
import { adminSession } from '../lib/admin-http'
import { AdminSelfProvider, OpenPageProvider } from '../lib/admin-access'
import type { AdminSession } from '../lib/admin-session'
import { leaveGuard } from '../lib/unsaved-changes'
import { ConsoleLayout } from './console-layout'
import { canOnPage, homePage, pageFromHash, pageLabel, pageRefusal, PAGE_AREA, visibleGroups, type PageKey } from './navigation'

// The charts library loads only when the dashboard is opened.
const DashboardPage = lazy(() =>
  import('../features/dashboard/components/dashboard-page').then((m) => ({ default: m.DashboardPage })),
)

const PAGES: Record<PageKey, ComponentType> = {
  'live-codes': LiveCodesPage,
  'welcome-messages': WelcomeMessagesPage,
  'customer-groups': GroupsPage,
  'group-live-codes': GroupLiveCodesPage,
  'group-welcomes': GroupWelcomesPage,
  broadcasts: BroadcastsPage,
  inheritance: InheritancePage,
  'checkin-rules': CheckinRulesPage,
  levels: LevelsPage,
  coupons: CouponTemplatesPage,
  'coupon-operations': CouponOperationsPage,
  mall: MallItemsPage,
  points: PointsAdjustPage,
  lotteries: LotteriesPage,
  scripts: ScriptsPage,
  products: ProductsPage,
  shop: ShopSettingsPage,
  groupbuys: GroupbuysPage,
  distribution: DistributionPage,
  orders: OrdersPage,
  'after-sales': AfterSalesPage,
  withdrawals: WithdrawalsPage,
  materials: MaterialsPage,
  customers: CustomerListPage,
  tags: TagsPage,
  rfm: RfmSettingsPage,
  leads: LeadsPage,
  'subscription-messages': SubscriptionMessagesPage,
  moments: MomentsPage,
  sops: SopsPage,
  fission: FissionPage,
  'audit-log': AuditLogPage,
  accounts: AccountsPage,
  roles: RolesPage,
  dashboard: DashboardPage,
  password: ChangePasswordPage,
}

export function App() {
  const session = useSyncExternalStore(adminSession.subscribe, adminSession.getSession)
  if (session === null) {
    return <LoginPage onSignedIn={adminSession.signIn} signOutReason={adminSession.lastSignOut()} />
  }
  return <SignedInConsole session={session} />
}

const logOutNow = () => {
  if (!leaveGuard.confirmLeave()) return
  // The token is read as the call starts; the page goes back to the login whatever the server answers.
  void logOut().catch(() => undefined)
  adminSession.signOut('logout')
}

/** The console as the signed-in admin's role allows: read from the server once per session. */
function SignedInConsole({ session }: { session: AdminSession }) {
  const self = useRequest((signal) => fetchSelf(signal), [session.token])
  if (self.status !== 'success') {
    return (
      <ConsoleLayout username={session.admin.username} groups={[]} held activePage="password" onNavigate={() => undefined} onLogout={logOutNow}>
        {self.status === 'loading' ? <p className="muted">加载中…</p> : <InlineError error={self.error} onRetry={self.reload} />}
      </ConsoleLayout>
    )
  }
  const me = self.data
  const username = `${me.displayName}（${me.roleName}）`
  return (
    <AdminSelfProvider value={me}>
      {me.mustChangePassword ? (
        // An invited or reset account may do nothing else until it has chosen its own password.
        <ConsoleLayout username={username} groups={[]} held activePage="password" onNavigate={() => undefined} onLogout={logOutNow}>
          <ChangePasswordPage required />
        </ConsoleLayout>
      ) : (
        <PagesByRole username={username} me={me} onPageChange={self.refresh} />
      )}
    </AdminSelfProvider>
  )
}

/**
 * `onPageChange` reads the admin's access again: a custom role's permissions change without ending its
 * sessions, and the navigation should follow before the next page meets a refusal.
 */
function PagesByRole({ username, me, onPageChange }: { username: string; me: AdminSelf; onPageChange: () => void }) {
  const [page, navigate] = useAddressedPage(homePage(me))
  const shownPage = useRef(page)
  useEffect(() => {
    if (shownPage.current === page) return
    shownPage.current = page
    onPageChange()
  }, [page, onPageChange])
  const refusal = pageRefusal(me, page)
  const Page = PAGES[page]
  return (
    <ConsoleLayout username={username} groups={visibleGroups(me)} activePage={page} onNavigate={navigate} onLogout={logOutNow}>
      {refusal ? (
        <NoAccess page={page} refusal={refusal} roleName={me.roleName} />
      ) : (
        <OpenPageProvider value={page}>
          {page !== 'password' && !canOnPage(me, page, 'manage') && (
            <p className="notice read-only-notice" role="note">
              你的角色（{me.roleName}）对「{pageLabel(page)}」只有查看权限（{PERMISSION_AREA_TEXT[PAGE_AREA[page]]}·查看），修改操作不可用。
            </p>
          )}
          <Suspense fallback={<p className="muted">加载中…</p>}>
            <Page />
          </Suspense>
        </OpenPageProvider>
      )}
    </ConsoleLayout>
  )
}

/**
 * The open page follows the address (`#/orders`), so a reload or a shared link lands on it and the
 * browser's back button moves between pages; leaving unsaved edits asks first either way.
 */
function useAddressedPage(home: PageKey): [PageKey, (next: PageKey) => void] {
  const [page, setPage] = useState<PageKey>(() => pageFromHash(window.location.hash) ?? home)
  useEffect(() => {
    const follow = () => {
      const next = pageFromHash(window.location.hash) ?? home
      if (next === page) return
      if (leaveGuard.confirmLeave()) setPage(next)
      else window.history.replaceState(null, '', `#/${page}`)
    }
    window.addEventListener('hashchange', follow)
    return () => window.removeEventListener('hashchange', follow)
  }, [page, home])
  const navigate = (next: PageKey) => {
    if (next === page || !leaveGuard.confirmLeave()) return
    setPage(next)
    window.history.pushState(null, '', `#/${next}`)
  }
  return [page, navigate]
}
