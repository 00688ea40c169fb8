import { Button } from '@liuliang/ui/nutui'
import { useDevDoubleState } from '../../../lib/use-dev-double'
import type { DevDouble } from '../../../lib/wecom'
import { CustomerPicker } from './customer-picker'
import { GuidePicker } from './guide-picker'

/** The banner that says we are not in WeCom, with the pickers that stand in for WeCom's answers. */
export function DevDoubleBar({ double }: { double: DevDouble }) {
  const state = useDevDoubleState(double)
  return (
    <div className="dev-double">
      <div className="dev-banner" role="status">
        <strong>开发模式：未在企业微信内</strong>
        <span className="dev-banner__detail">登录、当前客户和发送消息均为模拟</span>
      </div>
      {state.guideUserId !== null && (
        <div className="dev-current">
          <span>
            导购 <b>{state.guideUserId}</b>
            {state.externalUserId !== null && (
              <>
                {' · 客户 '}
                <b>{state.externalUserId}</b>
              </>
            )}
          </span>
          <span className="dev-current__actions">
            {state.externalUserId !== null && state.picker === null && (
              <Button size="mini" fill="outline" onClick={() => double.openContactPicker()}>
                换客户
              </Button>
            )}
            <Button size="mini" fill="outline" onClick={() => double.switchGuide()}>
              换导购
            </Button>
          </span>
        </div>
      )}
      {state.picker === 'guide' && <GuidePicker double={double} />}
      {state.picker === 'contact' && <CustomerPicker double={double} canCancel={state.externalUserId !== null} />}
    </div>
  )
}
