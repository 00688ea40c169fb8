import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import type { CouponStatus } from '@liuliang/shared'
import { PagedFooter } from '../../components/paged-footer'
import { PageError, PageLoading } from '../../components/page-state'
import { StateView } from '../../components/state-view'
import { usePagedList } from '../../hooks/use-paged-list'
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
  const { list, refresh, loadMore } = usePagedList((cursor, options) => fetchMyCoupons(status, cursor, options), status)
  useReachBottom(() => void loadMore())
  usePullDownRefresh(() => {
    void refresh().finally(() => Taro.stopPullDownRefresh())
  })
  const tab = TABS.find((t) => t.status === status) ?? TABS[0]!

  let body
  if (list.status === 'loading' && list.items.length === 0) body = <PageLoading />
  else if (list.status === 'error') body = <PageError message={list.message ?? ''} onRetry={() => void refresh()} />
  else if (list.items.length === 0) {
    body = (
      <StateView
        title={tab.empty}
        description='积分可以在积分商城兑换优惠券'
        actionText='去积分商城'
        onAction={() => void Taro.navigateTo({ url: '/packages/mall/index' })}
      />
    )
  } else {
    body = (
      <View className='coupons__list'>
        {list.items.map((coupon) => (
          <CouponCard key={coupon.id} coupon={coupon} />
        ))}
        <PagedFooter hasMore={list.hasMore} loadingMore={list.loadingMore} />
      </View>
    )
  }

  return (
    <View className='coupons'>
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
      {body}
    </View>
  )
}
