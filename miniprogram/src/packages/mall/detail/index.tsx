import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { RedeemResponse, ShippingAddress } from '@liuliang/shared'
import { PageError, PageLoading } from '../../../components/page-state'
import { useMember } from '../../../hooks/use-member'
import { useRemote } from '../../../hooks/use-remote'
import { fetchMallItem, redeem } from '../../../services/mall'
import { couponValidity } from '../../../utils/format'
import { ItemImage } from '../item-image'
import { AddressForm, EMPTY_ADDRESS, addressProblem } from './address-form'
import './index.scss'

export default function MallItemPage() {
  const itemId = Number(useRouter().params.id)
  const { state, reload } = useRemote((options) => fetchMallItem(itemId, options), Number.isInteger(itemId) ? itemId : null)
  const member = useMember()
  const [confirming, setConfirming] = useState(false)
  const [address, setAddress] = useState<ShippingAddress>(EMPTY_ADDRESS)
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState<RedeemResponse | null>(null)

  if (!Number.isInteger(itemId)) return <PageError message='商品链接不正确' onRetry={() => void Taro.navigateBack()} />
  if (state.status === 'loading') return <PageLoading />
  if (state.status === 'error') return <PageError message={state.message} onRetry={() => void reload()} />
  const { item, unavailableReason, redeemedByMe } = state.data
  const balance = member.state.status === 'ready' ? member.state.data.points.balance : null
  const short = balance !== null && balance < item.pointsPrice

  const submit = async () => {
    const problem = item.kind === 'physical' ? addressProblem(address) : null
    if (problem) {
      void Taro.showToast({ title: problem, icon: 'none' })
      return
    }
    setBusy(true)
    try {
      const result = await redeem(item.id, item.kind === 'physical' ? address : undefined)
      setDone(result)
      setConfirming(false)
      void Taro.showToast({ title: '兑换成功', icon: 'success' })
      await Promise.all([reload(), member.reload()])
    } catch {
      // The http client has toasted the server's reason.
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='item'>
      <ItemImage item={item} className='item__image' />
      <View className='item__card'>
        <Text className='item__name'>{item.name}</Text>
        <Text className='item__price'>{item.pointsPrice} 积分</Text>
        <Text className='item__meta'>
          剩余 {item.stock} 件 · 每人限兑 {item.perUserLimit} 次{redeemedByMe > 0 ? ` · 已兑 ${redeemedByMe} 次` : ''}
        </Text>
        {item.description ? <Text className='item__description'>{item.description}</Text> : null}
      </View>

      {done ? (
        <View id='redeem-result' className='item__card item__done'>
          <Text className='item__done-title'>兑换成功，剩余积分 {done.balance}</Text>
          {done.coupon ? (
            <>
              <Text className='item__meta'>
                「{done.coupon.name}」已放入你的券包，{couponValidity(done.coupon)}
              </Text>
              <Button
                id='redeem-view-coupons'
                size='small'
                type='primary'
                fill='outline'
                onClick={() => void Taro.navigateTo({ url: '/packages/coupons/index' })}
              >
                查看我的优惠券
              </Button>
            </>
          ) : (
            <Text className='item__meta'>礼品将寄往 {done.redemption.address?.region} {done.redemption.address?.detail}</Text>
          )}
        </View>
      ) : null}

      {confirming ? (
        <View className='item__card'>
          <Text className='item__done-title'>确认兑换</Text>
          <Text className='item__meta'>
            将扣除 {item.pointsPrice} 积分{balance !== null ? `，兑换后剩余 ${balance - item.pointsPrice} 积分` : ''}
          </Text>
          {item.kind === 'physical' ? <AddressForm value={address} onChange={setAddress} /> : null}
          <View className='item__actions'>
            <Button id='redeem-cancel' type='default' disabled={busy} onClick={() => setConfirming(false)}>
              取消
            </Button>
            <Button id='redeem-confirm' type='primary' loading={busy} onClick={() => void submit()}>
              确认兑换
            </Button>
          </View>
        </View>
      ) : (
        <View className='item__bar'>
          <Button
            id='redeem-button'
            block
            type='primary'
            disabled={unavailableReason !== null || short}
            onClick={() => setConfirming(true)}
          >
            {unavailableReason ?? (short ? `积分不足（还差 ${item.pointsPrice - (balance ?? 0)}）` : '立即兑换')}
          </Button>
        </View>
      )}
    </View>
  )
}
