import { useRef, useState } from 'react'
import { View, Text, Image } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { QuoteRequest } from '@liuliang/shared'
import { PageState } from '../../../components/page-state'
import { usePayOrder } from '../../../hooks/use-pay-order'
import { useRemote } from '../../../hooks/use-remote'
import { newIdempotencyKey } from '../../../services/idempotency'
import { fetchQuote, placeOrder } from '../../../services/shop'
import { couponCondition, couponValue, yuan } from '../../../utils/format'
import { CHOSEN_ADDRESS_KEY } from '../addresses/chosen'
import '../../../styles/activity.scss'
import '../shop.scss'

export default function CheckoutPage() {
  const params = useRouter().params
  const skuId = Number(params.skuId)
  const lines = Number.isInteger(skuId) ? [{ skuId, quantity: Math.min(99, Math.max(1, Number(params.quantity) || 1)) }] : undefined
  const [addressId, setAddressId] = useState<number | undefined>(undefined)
  // undefined: the best coupon, as the server picks it; null: none.
  const [couponId, setCouponId] = useState<number | null | undefined>(undefined)
  const request: QuoteRequest = { ...(lines ? { lines } : {}), ...(addressId ? { addressId } : {}), ...(couponId !== undefined ? { couponId } : {}) }
  const { state, reload } = useRemote((options) => fetchQuote(request, options), JSON.stringify(request))
  const [placing, setPlacing] = useState(false)
  const { pay, paying } = usePayOrder()
  // One key for this page's order: a second tap, or a retry after a lost answer, finds the same order.
  const orderKey = useRef(newIdempotencyKey())

  useDidShow(() => {
    const chosen = Taro.getStorageSync(CHOSEN_ADDRESS_KEY) as number | ''
    if (chosen) {
      Taro.removeStorageSync(CHOSEN_ADDRESS_KEY)
      setAddressId(chosen)
    } else if (state.status === 'ready') void reload()
  })

  const submit = async () => {
    if (state.status !== 'ready' || !state.data.address) return
    const quote = state.data
    setPlacing(true)
    try {
      const order = await placeOrder(
        { ...(lines ? { lines } : {}), addressId: quote.address!.id, couponId: quote.couponId, expectedAmountFen: quote.amountFen },
        orderKey.current,
      )
      await pay(order.id)
      void Taro.redirectTo({ url: `/packages/orders/detail/index?id=${order.id}` })
    } catch {
      // The http client has toasted why (stock, coupon, a changed price); the quote shows it as it is now.
      void reload()
    } finally {
      setPlacing(false)
    }
  }

  return (
    <View className='activity-page shop-page'>
      <PageState state={state} onRetry={() => void reload()}>
        {(quote) => (
          <>
            <View id='checkout-address' className='activity-card' onClick={() => void Taro.navigateTo({ url: '/packages/shop/addresses/index?select=1' })}>
              {quote.address ? (
                <>
                  <Text className='activity-title'>
                    {quote.address.name} {quote.address.phone}
                  </Text>
                  <Text className='activity-muted'>
                    {quote.address.region} {quote.address.detail}
                  </Text>
                </>
              ) : (
                <Text className='activity-title'>请添加收货地址 ›</Text>
              )}
            </View>
            <View className='activity-card'>
              {quote.lines.map((line) => (
                <View key={line.skuId} className='shop-line'>
                  <Image className='shop-line__image' src={line.imageUrl ?? ''} mode='aspectFill' />
                  <View className='shop-line__body'>
                    <Text className='shop-line__name'>{line.name}</Text>
                    {line.spec ? <Text className='activity-muted'>{line.spec}</Text> : null}
                    {line.problem ? <Text className='shop-line__problem'>{line.problem === 'unavailable' ? '已下架' : '库存不足'}</Text> : null}
                    <View className='shop-line__foot'>
                      <Text>¥{yuan(line.priceFen)}</Text>
                      <Text className='activity-muted'>× {line.quantity}</Text>
                    </View>
                  </View>
                </View>
              ))}
            </View>
            <View className='activity-card'>
              <Text className='activity-title'>优惠券</Text>
              {quote.coupons.length === 0 ? <Text className='activity-muted'>暂无可用优惠券</Text> : null}
              {quote.coupons.map(({ coupon, discountFen }) => {
                const chosen = quote.couponId === coupon.id
                return (
                  <View
                    key={coupon.id}
                    id={`checkout-coupon-${coupon.id}`}
                    className={`shop-coupon${chosen ? ' shop-coupon--chosen' : ''}${discountFen === null ? ' shop-coupon--off' : ''}`}
                    onClick={() => discountFen !== null && setCouponId(chosen ? null : coupon.id)}
                  >
                    {chosen ? '✓ ' : ''}
                    {coupon.name}（{couponValue(coupon)}，{couponCondition(coupon)}）{discountFen === null ? ' 未满足使用条件' : ` 可减 ¥${yuan(discountFen)}`}
                  </View>
                )
              })}
            </View>
            <View className='activity-card'>
              <View className='activity-row'>
                <Text>商品金额</Text>
                <Text id='checkout-subtotal'>¥{yuan(quote.subtotalFen)}</Text>
              </View>
              <View className='activity-row'>
                <Text>优惠</Text>
                <Text id='checkout-discount'>-¥{yuan(quote.discountFen)}</Text>
              </View>
              <View className='activity-row'>
                <Text>完成订单可得</Text>
                <Text id='checkout-points'>{quote.pointsEstimate} 积分</Text>
              </View>
            </View>
            <View className='shop-bar'>
              <Text id='checkout-amount' className='activity-price'>
                ¥{yuan(quote.amountFen)}
              </Text>
              <Button id='checkout-submit' type='primary' loading={placing || paying} disabled={!quote.placeable} onClick={() => void submit()}>
                {quote.address ? (quote.placeable ? '提交订单' : '商品库存不足') : '请先添加地址'}
              </Button>
            </View>
          </>
        )}
      </PageState>
    </View>
  )
}
