import { lazy, Suspense, useState, useSyncExternalStore } from 'react'
import { CustomerListPage } from '../features/customers/components/customer-list-page'
import { LotteriesPage } from '../features/lotteries/components/lotteries-page'
import { OrdersPage } from '../features/conversion/components/orders-page'
import { WithdrawalsPage } from '../features/conversion/components/withdrawals-page'
import { ProductsPage } from '../features/conversion/components/products-page'
import { GroupbuysPage } from '../features/conversion/components/groupbuys-page'
import { DistributionPage } from '../features/conversion/components/distribution-page'
import { ChangePasswordPage } from '../features/auth/components/change-password-page'
import { CheckinRulesPage } from '../features/loyalty/components/checkin-rules-page'
import { CouponTemplatesPage } from '../features/loyalty/components/coupon-templates-page'
import { LevelsPage } from '../features/loyalty/components/levels-page'
import { MallItemsPage } from '../features/loyalty/components/mall-items-page'
import { PointsAdjustPage } from '../features/loyalty/components/points-adjust-page'
import { LiveCodesPage } from '../features/acquisition/components/live-codes-page'
import { WelcomeMessagesPage } from '../features/acquisition/components/welcome-messages-page'
import { LoginPage } from '../features/auth/components/login-page'
import { adminSession } from '../lib/admin-http'
import { leaveGuard } from '../lib/unsaved-changes'
import { ConsoleLayout } from './console-layout'
import type { PageKey } from './navigation'

// The charts library loads only when the dashboard is opened.
const DashboardPage = lazy(() =>
  import('../features/dashboard/components/dashboard-page').then((m) => ({ default: m.DashboardPage })),
)

export function App() {
  const session = useSyncExternalStore(adminSession.subscribe, adminSession.getSession)
  const [page, setPage] = useState<PageKey>('customers')

  if (session === null) {
    return <LoginPage onSignedIn={adminSession.signIn} signOutReason={adminSession.lastSignOut()} />
  }
  return (
    <ConsoleLayout
      username={session.admin.username}
      activePage={page}
      onNavigate={(next) => {
        if (next !== page && leaveGuard.confirmLeave()) setPage(next)
      }}
      onLogout={() => {
        if (leaveGuard.confirmLeave()) adminSession.signOut('logout')
      }}
    >
      {page === 'customers' && <CustomerListPage />}
      {page === 'password' && <ChangePasswordPage />}
      {page === 'orders' && <OrdersPage />}
      {page === 'lotteries' && <LotteriesPage />}
      {page === 'withdrawals' && <WithdrawalsPage />}
      {page === 'products' && <ProductsPage />}
      {page === 'groupbuys' && <GroupbuysPage />}
      {page === 'distribution' && <DistributionPage />}
      {page === 'checkin-rules' && <CheckinRulesPage />}
      {page === 'levels' && <LevelsPage />}
      {page === 'coupons' && <CouponTemplatesPage />}
      {page === 'mall' && <MallItemsPage />}
      {page === 'points' && <PointsAdjustPage />}
      {page === 'live-codes' && <LiveCodesPage />}
      {page === 'welcome-messages' && <WelcomeMessagesPage />}
      {page === 'dashboard' && (
        <Suspense fallback={<p className="muted">加载中…</p>}>
          <DashboardPage />
        </Suspense>
      )}
    </ConsoleLayout>
  )
}
