import { lazy, Suspense, useMemo, useState } from 'react'
import type { Staff, Todo } from '@liuliang/shared'
import { CustomerView } from '@liuliang/ui/customer-360'
import { Button } from '@liuliang/ui/nutui'
import { useCustomer360 } from '../features/customer-360/api/get-customer'
import { guideSource, readOnly } from '../features/customer-360/api/guide-source'
import { TeamNotice } from '../features/customer-360/components/team-notice'
import { RecommendationCard } from '../features/recommendations/components/recommendation-card'
import { SopSteps } from '../features/sop/components/sop-steps'
import { placeholderValuesFor } from './placeholder-values'

// The first screen is the customer; the library's code loads when the guide first opens it.
const ScriptLibrary = lazy(() =>
  import('../features/scripts/components/script-library').then((module) => ({ default: module.ScriptLibrary })),
)
const MaterialLibrary = lazy(() =>
  import('../features/materials/components/material-library').then((module) => ({ default: module.MaterialLibrary })),
)
const RedemptionScreen = lazy(() =>
  import('../features/coupon-redemption/components/redemption-screen').then((module) => ({ default: module.RedemptionScreen })),
)
const TodoList = lazy(() => import('../features/todos/components/todo-list').then((module) => ({ default: module.TodoList })))
const LeadActions = lazy(() => import('../features/todos/components/lead-actions').then((module) => ({ default: module.LeadActions })))

type View = 'customer' | 'scripts' | 'materials' | 'reminders' | 'redeem'

/** The chat with one customer: their 360 view and the script library, one tap apart. */
export function CustomerWorkspace({ externalUserId, staff }: { externalUserId: string; staff: Staff }) {
  const customer = useCustomer360(externalUserId)
  const source = useMemo(() => guideSource(externalUserId, staff.userId), [externalUserId, staff.userId])
  const [view, setView] = useState<View>('customer')
  // A to-do's customer (this chat's or another) opens here, over the to-do list.
  const [openedTodo, setOpenedTodo] = useState<Todo | null>(null)
  // Once opened, the library stays mounted so its search survives a look back at the customer.
  const [libraryOpened, setLibraryOpened] = useState(false)
  const open = (next: View) => {
    setView(next)
    setOpenedTodo(null)
    if (next === 'scripts') setLibraryOpened(true)
  }
  const data = customer.status === 'success' ? customer.data : null
  // A team member's customer, opened by their department leader: read only, and nothing sent from here.
  const teamMember = data?.teamMember ?? null

  return (
    <>
      <div className="workspace-tabs" role="tablist" aria-label="侧边栏">
        <button type="button" role="tab" className="tabs__tab workspace-tabs__tab" aria-selected={view === 'customer'} onClick={() => open('customer')}>
          客户画像
        </button>
        {!teamMember && (
          <button type="button" role="tab" className="tabs__tab workspace-tabs__tab" aria-selected={view === 'scripts'} onClick={() => open('scripts')}>
            话术库
          </button>
        )}
        {!teamMember && (
          <button type="button" role="tab" className="tabs__tab workspace-tabs__tab" aria-selected={view === 'materials'} onClick={() => open('materials')}>
            素材
          </button>
        )}
        <button type="button" role="tab" className="tabs__tab workspace-tabs__tab" aria-selected={view === 'reminders'} onClick={() => open('reminders')}>
          待办
        </button>
        <button type="button" role="tab" className="tabs__tab workspace-tabs__tab" aria-selected={view === 'redeem'} onClick={() => open('redeem')}>
          核销
        </button>
      </div>
      <div hidden={view !== 'customer'}>
        {teamMember ? <TeamNotice member={teamMember} /> : <SopSteps target={{ kind: 'customer', externalUserId }} />}
        <CustomerView customer={customer} source={teamMember ? readOnly(source) : source} />
        {!teamMember && data?.sections.recommendations && (
          <RecommendationCard externalUserId={externalUserId} items={data.sections.recommendations.items} />
        )}
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
      {view === 'materials' && !teamMember && (
        <Suspense fallback={<p className="muted">素材加载中…</p>}>
          <MaterialLibrary />
        </Suspense>
      )}
      {view === 'redeem' && (
        <Suspense fallback={<p className="muted">加载中…</p>}>
          <RedemptionScreen />
        </Suspense>
      )}
      {/* Reloaded on every visit: notes written meanwhile add reminders, the morning's run adds leads. */}
      {view === 'reminders' && (
        <Suspense fallback={<p className="muted">加载中…</p>}>
          {openedTodo ? (
            <TodoCustomer todo={openedTodo} chatExternalUserId={externalUserId} staff={staff} onBack={() => setOpenedTodo(null)} />
          ) : (
            <TodoList onOpen={setOpenedTodo} />
          )}
        </Suspense>
      )}
    </>
  )
}

/**
 * The customer a to-do is about, with the way back to the list: a reminder opens on their notes, a
 * lead above their profile with its script and moves.
 */
function TodoCustomer({ todo, chatExternalUserId, staff, onBack }: { todo: Todo; chatExternalUserId: string; staff: Staff; onBack: () => void }) {
  const externalUserId = todo.customer.externalUserId as string
  const customer = useCustomer360(externalUserId)
  const source = useMemo(() => guideSource(externalUserId, staff.userId), [externalUserId, staff.userId])
  const data = customer.status === 'success' ? customer.data : null
  return (
    <>
      <Button className="reminder-back" size="small" fill="outline" onClick={onBack}>
        返回待办
      </Button>
      {todo.kind === 'lead' && <LeadActions lead={todo} chatExternalUserId={chatExternalUserId} values={placeholderValuesFor(data, staff)} />}
      {/* An SOP step goes into this customer's own chat: sent here in it, or after opening it. */}
      {todo.kind === 'sop' &&
        (externalUserId === chatExternalUserId ? (
          <SopSteps target={{ kind: 'customer', externalUserId }} />
        ) : (
          <p className="muted">打开与 TA 的聊天后，在客户资料上方一键发送这一步。</p>
        ))}
      <CustomerView customer={customer} source={source} initialTab={todo.kind === 'reminder' ? 'notes' : undefined} />
    </>
  )
}
