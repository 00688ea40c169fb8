import { lazy, Suspense, useSyncExternalStore } from 'react'
import { CustomerSkeleton } from '@liuliang/ui/customer-360'
import { errorMessage } from '@liuliang/ui/errors'
import { Button } from '@liuliang/ui/nutui'
import { useDevDoubleState } from '../lib/use-dev-double'
import type { DevDouble, Wecom } from '../lib/wecom'
import type { BootController, BootState, BootStep } from './boot'
import { CustomerWorkspace } from './customer-workspace'
import { GroupWorkspace } from './group-workspace'

// Opened outside a chat (from the workbench, at the till), the sidebar still redeems coupons.
const RedemptionScreen = lazy(() =>
  import('../features/coupon-redemption/components/redemption-screen').then((module) => ({ default: module.RedemptionScreen })),
)

// Only pages outside WeCom need the double; inside WeCom its code is never downloaded.
const DevDoubleBar = lazy(() =>
  import('../features/dev-double/components/dev-double-bar').then((module) => ({ default: module.DevDoubleBar })),
)
const SentMessagesPanel = lazy(() =>
  import('../features/dev-double/components/sent-messages-panel').then((module) => ({
    default: module.SentMessagesPanel,
  })),
)

const STEP_LABELS: Record<BootStep, string> = {
  oauth: '正在登录企业微信…',
  login: '正在登录…',
  register: '正在连接企业微信…',
  context: '正在读取当前聊天…',
  contact: '正在读取当前客户…',
}

export function App({ wecom, boot }: { wecom: Wecom; boot: BootController }) {
  const state = useSyncExternalStore(boot.subscribe, boot.getState)
  return (
    <div className="sidebar">
      {wecom.double && (
        <Suspense fallback={<div className="dev-banner">开发模式：未在企业微信内</div>}>
          <DevDoubleBar double={wecom.double} />
        </Suspense>
      )}
      <main className="sidebar__main">
        {wecom.double ? (
          <DoubleAwareContent double={wecom.double} state={state} wecom={wecom} />
        ) : (
          <Content state={state} wecom={wecom} />
        )}
      </main>
      {wecom.double && (
        <Suspense fallback={null}>
          <SentMessagesPanel double={wecom.double} />
        </Suspense>
      )}
    </div>
  )
}

/** While a picker stands in for WeCom, the picker is the page; a loading screen under it only confuses. */
function DoubleAwareContent({ double, state, wecom }: { double: DevDouble; state: BootState; wecom: Wecom }) {
  const { picker } = useDevDoubleState(double)
  if (state.status === 'booting' && picker !== null) return null
  return <Content state={state} wecom={wecom} />
}

function Content({ state, wecom }: { state: BootState; wecom: Wecom }) {
  if (state.status === 'booting') {
    return (
      <>
        <p className="boot-step" role="status">
          {STEP_LABELS[state.step]}
        </p>
        <CustomerSkeleton />
      </>
    )
  }
  if (state.status === 'failed') {
    const title = state.step === 'oauth' || state.step === 'login' ? '登录失败' : '无法连接企业微信'
    return (
      <div className="state-block" role="alert">
        <p className="state-block__title">{title}</p>
        <p className="muted">{errorMessage(state.error)}</p>
        <Button type="primary" size="small" onClick={() => wecom.restartLogin()}>
          重新登录
        </Button>
      </div>
    )
  }
  const { staff, chat } = state.session
  if (chat.kind === 'contact') {
    return <CustomerWorkspace key={chat.externalUserId} externalUserId={chat.externalUserId} staff={staff} />
  }
  if (chat.kind === 'group') return <GroupWorkspace key={chat.chatId} chatId={chat.chatId} staff={staff} />
  return (
    <>
      <div className="state-block">
        <p className="state-block__title">请在客户聊天中打开</p>
        <p className="muted">从与客户单聊或客户群的工具栏打开侧边栏，即可查看客户资料</p>
      </div>
      <Suspense fallback={null}>
        <RedemptionScreen />
      </Suspense>
    </>
  )
}
