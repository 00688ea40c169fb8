import { View, Text } from '@tarojs/components'
import type { Coupon } from '@liuliang/shared'
import { couponCondition, couponValidity, couponValue } from '../../utils/format'

const STAMPS = { available: null, used: '已使用', expired: '已过期' } as const

export function CouponCard({ coupon }: { coupon: Coupon }) {
  const stamp = STAMPS[coupon.status]
  return (
    <View id={`coupon-${coupon.id}`} className={`coupon-card${stamp ? ' coupon-card--off' : ''}`}>
      <View className='coupon-card__value'>
        <Text className='coupon-card__amount'>{couponValue(coupon)}</Text>
        <Text className='coupon-card__condition'>{couponCondition(coupon)}</Text>
      </View>
      <View className='coupon-card__body'>
        <Text className='coupon-card__name'>{coupon.name}</Text>
        <Text className='coupon-card__validity'>{couponValidity(coupon)}</Text>
      </View>
      {stamp ? <Text className='coupon-card__stamp'>{stamp}</Text> : null}
    </View>
  )
}
