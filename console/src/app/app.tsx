import { lazy, Suspense, useEffect, useState, useSyncExternalStore, type ComponentType } from 'react'
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
import { adminSession } from '../lib/admin-http'
import { leaveGuard } from '../lib/unsaved-changes'
import { ConsoleLayout } from './console-layout'
import { pageFromHash, type PageKey } from './navigation'

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
  customers: CustomerListPage,
  tags: TagsPage,
  rfm: RfmSettingsPage,
  leads: LeadsPage,
  'subscription-messages': SubscriptionMessagesPage,
  moments: MomentsPage,
  sops: SopsPage,
  fission: FissionPage,
  'audit-log': AuditLogPage,
  dashboard: DashboardPage,
  password: ChangePasswordPage,
}

export function App() {
  const session = useSyncExternalStore(adminSession.subscribe, adminSession.getSession)
  const [page, navigate] = useAddressedPage()
  const Page = PAGES[page]

  if (session === null) {
    return <LoginPage onSignedIn={adminSession.signIn} signOutReason={adminSession.lastSignOut()} />
  }
  return (
    <ConsoleLayout
      username={session.admin.username}
      activePage={page}
      onNavigate={navigate}
      onLogout={() => {
        if (!leaveGuard.confirmLeave()) return
        // The token is read as the call starts; the page goes back to the login whatever the server answers.
        void logOut().catch(() => undefined)
        adminSession.signOut('logout')
      }}
    >
      <Suspense fallback={<p className="muted">加载中…</p>}>
        <Page />
      </Suspense>
    </ConsoleLayout>
  )
}

/**
 * The open page follows the address (`#/orders`), so a reload or a shared link lands on it and the
 * browser's back button moves between pages; leaving unsaved edits asks first either way.
 */
function useAddressedPage(): [PageKey, (next: PageKey) => void] {
  const [page, setPage] = useState<PageKey>(() => pageFromHash(window.location.hash) ?? 'customers')
  useEffect(() => {
    const follow = () => {
      const next = pageFromHash(window.location.hash) ?? 'customers'
      if (next === page) return
      if (leaveGuard.confirmLeave()) setPage(next)
      else window.history.replaceState(null, '', `#/${page}`)
    }
    window.addEventListener('hashchange', follow)
    return () => window.removeEventListener('hashchange', follow)
  }, [page])
  const navigate = (next: PageKey) => {
    if (next === page || !leaveGuard.confirmLeave()) return
    setPage(next)
    window.history.pushState(null, '', `#/${next}`)
  }
  return [page, navigate]
}
