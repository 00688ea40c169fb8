import { useState, type FormEvent } from 'react'
import type { StoreCoupon } from '@liuliang/shared'
import { errorMessage } from '@liuliang/ui/errors'
import { formatDate, formatDateTime } from '@liuliang/ui/format'
import { Button } from '@liuliang/ui/nutui'
import { getWecom } from '../../../lib/wecom'
import { previewCoupon, redeemCoupon } from '../api/redemptions'
import '../redemption.css'

const STORE_KEY = 'liuliang.redemption-store'

const terms = ({ coupon }: StoreCoupon) =>
  `${coupon.thresholdFen > 0 ? `满 ${coupon.thresholdFen / 100} 元` : '无门槛'}${
    coupon.kind === 'amount_off' ? `减 ${(coupon.amountOffFen ?? 0) / 100} 元` : ` ${(coupon.discountPercent ?? 100) / 10} 折`
  }`

/** In-store redemption (核销): the guide types or scans the customer's code, checks the coupon and its owner, then redeems it. */
export function RedemptionScreen() {
  const [code, setCode] = useState('')
  // The store a guide works in rarely changes: it is kept for the next redemption.
  const [store, setStore] = useState(() => globalThis.localStorage?.getItem(STORE_KEY) ?? '')
  const [found, setFound] = useState<StoreCoupon | null>(null)
  const [redeemed, setRedeemed] = useState<StoreCoupon | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const run = async (work: () => Promise<void>) => {
    setBusy(true)
    setError(null)
    try {
      await work()
    } catch (failure) {
      setError(errorMessage(failure))
    } finally {
      setBusy(false)
    }
  }
  const lookUp = (text: string) =>
    run(async () => {
      setFound(null)
      setRedeemed(null)
      setFound(await previewCoupon(text.trim()))
    })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (code.trim()) void lookUp(code)
  }
  const scan = () =>
    run(async () => {
      const text = (await getWecom().scanQRCode()).replace(/\D/g, '')
      setCode(text)
      setFound(await previewCoupon(text))
    })
  const redeem = () =>
    run(async () => {
      const trimmed = store.trim()
      globalThis.localStorage?.setItem(STORE_KEY, trimmed)
      const result = await redeemCoupon({ redemptionCode: code.trim(), ...(trimmed ? { store: trimmed } : {}) })
      setRedeemed(result)
      setFound(result)
    })

  const redeemable = found !== null && found.coupon.status === 'available' && found.redemption === null
  return (
    <section className="card" aria-label="优惠券核销">
      <h2 className="card__title">优惠券核销</h2>
      <form className="redemption-form" onSubmit={submit}>
        <label className="form-row">
          <span>核销码</span>
          <input
            className="input"
            name="redemptionCode"
            inputMode="numeric"
            placeholder="输入客户出示的核销码"
            maxLength={32}
            value={code}
            onChange={(e) => {
              setCode(e.target.value)
              setFound(null)
              setRedeemed(null)
            }}
          />
        </label>
        <div className="redemption-form__actions">
          <Button size="small" type="primary" nativeType="submit" disabled={busy || !code.trim()}>
            查询
          </Button>
          <Button size="small" fill="outline" disabled={busy} onClick={() => void scan()}>
            扫码
          </Button>
        </div>
      </form>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {found && (
        <div className="redemption-coupon" aria-label="券信息">
          <p>
            <b>{found.coupon.name}</b> · {terms(found)}
          </p>
          <p className="muted">
            客户：{found.customer.name ?? '未命名客户'} · 有效期至 {formatDate(new Date(Date.parse(found.coupon.validUntil) - 1).toISOString())}
          </p>
          {found.redemption ? (
            <p className="muted" role={redeemed ? 'status' : undefined}>
              {redeemed ? '核销成功：' : '已核销：'}
              {found.redemption.staffName}
              {found.redemption.store ? `（${found.redemption.store}）` : ''} {formatDateTime(found.redemption.redeemedAt)}
            </p>
          ) : found.coupon.status !== 'available' ? (
            <p className="muted">{found.coupon.status === 'used' ? '这张券已经用过了' : '这张券已过期'}</p>
          ) : null}
          {redeemable && (
            <>
              <label className="form-row">
                <span>门店</span>
                <input className="input" name="store" aria-label="核销门店（选填）" placeholder="选填，如：徐汇旗舰店" maxLength={40} value={store} onChange={(e) => setStore(e.target.value)} />
              </label>
              <Button type="primary" block disabled={busy} onClick={() => void redeem()}>
                确认核销
              </Button>
            </>
          )}
        </div>
      )}
    </section>
  )
}
