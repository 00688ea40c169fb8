import { lazy, Suspense, useMemo, useState } from 'react'
import type { Staff } from '@liuliang/shared'
import { CustomerView } from '@liuliang/ui/customer-360'
import { Button } from '@liuliang/ui/nutui'
import { useCustomer360 } from '../features/customer-360/api/get-customer'
import { guideSource } from '../features/customer-360/api/guide-source'
import { SopSteps } from '../features/sop/components/sop-steps'
import { placeholderValuesFor } from './placeholder-values'

// The first screen is the customer; the library's code loads when the guide first opens it.
const ScriptLibrary = lazy(() =>
  import('../features/scripts/components/script-library').then((module) => ({ default: module.ScriptLibrary })),
)
const RedemptionScreen = lazy(() =>
  import('../features/coupon-redemption/components/redemption-screen').then((module) => ({ default: module.RedemptionScreen })),
)
const ReminderList = lazy(() =>
  import('../features/reminders/components/reminder-list').then((module) => ({ default: module.ReminderList })),
)

type View = 'customer' | 'scripts' | 'reminders' | 'redeem'

/** The chat with one customer: their 360 view and the script library, one tap apart. */
export function CustomerWorkspace({ externalUserId, staff }: { externalUserId: string; staff: Staff }) {
  const customer = useCustomer360(externalUserId)
  const source = useMemo(() => guideSource(externalUserId, staff.userId), [externalUserId, staff.userId])
  const [view, setView] = useState<View>('customer')
  // A reminder about someone other than this chat's customer opens them here, over the to-do list.
  const [reminderCustomer, setReminderCustomer] = useState<string | null>(null)
  // Once opened, the library stays mounted so its search survives a look back at the customer.
  const [libraryOpened, setLibraryOpened] = useState(false)
  const open = (next: View) => {
    setView(next)
    setReminderCustomer(null)
    if (next === 'scripts') setLibraryOpened(true)
  }
  const openReminder = (other: string) => setReminderCustomer(other)
  const data = customer.status === 'success' ? customer.data : null

  return (
    <>
      <div className="workspace-tabs" role="tablist" aria-label="侧边栏">
        <button type="button" role="tab" className="tabs__tab workspace-tabs__tab" aria-selected={view === 'customer'} onClick={() => open('customer')}>
          客户画像
        </button>
        <button type="button" role="tab" className="tabs__tab workspace-tabs__tab" aria-selected={view === 'scripts'} onClick={() => open('scripts')}>
          话术库
        </button>
        <button type="button" role="tab" className="tabs__tab workspace-tabs__tab" aria-selected={view === 'reminders'} onClick={() => open('reminders')}>
          待办
        </button>
        <button type="button" role="tab" className="tabs__tab workspace-tabs__tab" aria-selected={view === 'redeem'} onClick={() => open('redeem')}>
          核销
        </button>
      </div>
      <div hidden={view !== 'customer'}>
        <SopSteps externalUserId={externalUserId} />
        <CustomerView customer={customer} source={source} />
      </div>
      {libraryOpened && (
        <div hidden={view !== 'scripts'}>
          <Suspense fallback={<p className="muted">话术库加载中…</p>}>
            <ScriptLibrary
              target={{ kind: 'customer', externalUserId }}
              values={placeholderValuesFor(data, staff)}
              // A send lands on the customer's timeline.
              onSent={customer.refresh}
            />
          </Suspense>
        </div>
      )}
      {view === 'redeem' && (
        <Suspense fallback={<p className="muted">加载中…</p>}>
          <RedemptionScreen />
        </Suspense>
      )}
      {/* Reloaded on every visit: notes written meanwhile add reminders. */}
      {view === 'reminders' &&
        (reminderCustomer ? (
          <ReminderCustomer externalUserId={reminderCustomer} staff={staff} onBack={() => setReminderCustomer(null)} />
        ) : (
          <Suspense fallback={<p className="muted">加载中…</p>}>
            <ReminderList onOpen={openReminder} />
          </Suspense>
        ))}
    </>
  )
}

/** The customer a reminder is about, opened on their notes, with the way back to the to-do list. */
function ReminderCustomer({ externalUserId, staff, onBack }: { externalUserId: string; staff: Staff; onBack: () => void }) {
  const customer = useCustomer360(externalUserId)
  const source = useMemo(() => guideSource(externalUserId, staff.userId), [externalUserId, staff.userId])
  return (
    <>
      <Button className="reminder-back" size="small" fill="outline" onClick={onBack}>
        返回待办
      </Button>
      <CustomerView customer={customer} source={source} initialTab="notes" />
    </>
  )
}
