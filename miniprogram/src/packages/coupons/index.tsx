import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { CouponStatus } from '@liuliang/shared'
import { PagedListBody } from '../../components/paged-list'
import { StateView } from '../../components/state-view'
import { useInfiniteList } from '../../hooks/use-paged-list'
import { fetchMyCoupons } from '../../services/coupons'
import { CouponCard } from './coupon-card'
import './index.scss'

const TABS: { status: CouponStatus; name: string; empty: string }[] = [
  { status: 'available', name: '可使用', empty: '暂无可用的优惠券' },
  { status: 'used', name: '已使用', empty: '还没有用过优惠券' },
  { status: 'expired', name: '已过期', empty: '没有过期的优惠券' },
]

export default function MyCouponsPage() {
  const [status, setStatus] = useState<CouponStatus>('available')
  const { list, refresh } = useInfiniteList((cursor, options) => fetchMyCoupons(status, cursor, options), status)
  const tab = TABS.find((t) => t.status === status) ?? TABS[0]!

  return (
    <View className='coupons'>
      <View id='coupons-centre-entry' className='coupons__centre-entry' onClick={() => void Taro.navigateTo({ url: '/packages/coupons/centre/index' })}>
        <Text>领券中心：更多优惠券免费领</Text>
        <Text>›</Text>
      </View>
      <View className='coupons__tabs'>
        {TABS.map((t) => (
          <Text
            key={t.status}
            id={`coupons-tab-${t.status}`}
            className={`coupons__tab${t.status === status ? ' coupons__tab--active' : ''}`}
            onClick={() => setStatus(t.status)}
          >
            {t.name}
          </Text>
        ))}
      </View>
      <PagedListBody
        list={list}
        onRetry={() => void refresh()}
        empty={
          <StateView
            title={tab.empty}
            description='领券中心有优惠券可领，积分也可以在积分商城兑换优惠券'
            actionText='去领券中心'
            onAction={() => void Taro.navigateTo({ url: '/packages/coupons/centre/index' })}
          />
        }
      >
        {(coupons) => (
          <View className='coupons__list'>
            {coupons.map((coupon) => (
              <CouponCard key={coupon.id} coupon={coupon} onClick={() => void Taro.navigateTo({ url: `/packages/coupons/detail/index?id=${coupon.id}` })} />
            ))}
          </View>
        )}
      </PagedListBody>
    </View>
  )
}
