import type { ReactNode } from 'react'
import { View, Text } from '@tarojs/components'
import type { Coupon } from '@liuliang/shared'
import { couponCondition, couponValidity, couponValue, type CouponTerms } from '../../utils/format'

const STAMPS = { available: null, used: '已使用', expired: '已过期' } as const

/** A coupon's face: value and condition on the left, name and a line of detail on the right, an action or a stamp. */
export function CouponFace({ id, terms, name, detail, off = false, aside, onClick }: {
  id: string
  terms: CouponTerms
  name: string
  detail: string
  off?: boolean
  aside?: ReactNode
  onClick?: () => void
}) {
  return (
    <View id={id} className={`coupon-card${off ? ' coupon-card--off' : ''}`} onClick={onClick}>
      <View className='coupon-card__value'>
        <Text className='coupon-card__amount'>{couponValue(terms)}</Text>
        <Text className='coupon-card__condition'>{couponCondition(terms)}</Text>
      </View>
      <View className='coupon-card__body'>
        <Text className='coupon-card__name'>{name}</Text>
        <Text className='coupon-card__validity'>{detail}</Text>
      </View>
      {aside}
    </View>
  )
}

export function CouponCard({ coupon, onClick }: { coupon: Coupon; onClick?: () => void }) {
  const stamp = STAMPS[coupon.status]
  return (
    <CouponFace
      id={`coupon-${coupon.id}`}
      terms={coupon}
      name={coupon.name}
      detail={couponValidity(coupon)}
      off={stamp !== null}
      aside={stamp ? <Text className='coupon-card__stamp'>{stamp}</Text> : null}
      onClick={onClick}
    />
  )
}
