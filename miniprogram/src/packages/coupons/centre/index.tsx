import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { ClaimCentreItem } from '@liuliang/shared'
import { PageState } from '../../../components/page-state'
import { StateView } from '../../../components/state-view'
import { useRemote } from '../../../hooks/use-remote'
import { claimCoupon, fetchClaimCentre } from '../../../services/coupons'
import { formatDateTime } from '../../../utils/format'
import { CouponFace } from '../coupon-card'
import '../index.scss'

/** What the button under a coupon says, and whether it can be tapped. */
function claimButton(item: ClaimCentreItem): { text: string; enabled: boolean } {
  if (item.state === 'upcoming') return { text: `${formatDateTime(item.startsAt)} 开抢`, enabled: false }
  if (item.state === 'ended') return { text: '活动已结束', enabled: false }
  if (item.claimedByMe >= item.perCustomerLimit) return { text: '已领取', enabled: false }
  if (item.state === 'sold_out') return { text: '已领完', enabled: false }
  return { text: item.claimedByMe > 0 ? '再领一张' : '立即领取', enabled: true }
}

export default function ClaimCentrePage() {
  const { state, reload, setState } = useRemote(fetchClaimCentre)
  const [claiming, setClaiming] = useState<number | null>(null)
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh())
  })

  const claim = async (item: ClaimCentreItem) => {
    setClaiming(item.id)
    try {
      const result = await claimCoupon(item.id)
      setState((current) =>
        current.status === 'ready'
          ? { status: 'ready', data: { items: current.data.items.map((i) => (i.id === item.id ? result.item : i)) } }
          : current,
      )
      void Taro.showToast({ title: '领取成功', icon: 'success' })
    } catch {
      // The http client has toasted the server's reason (已领完, 已达领取上限…); the list is read again.
      void reload()
    } finally {
      setClaiming(null)
    }
  }

  return (
    <PageState state={state} onRetry={() => void reload()}>
      {({ items }) =>
        items.length === 0 ? (
          <StateView title='暂时没有可领的优惠券' description='过几天再来看看吧' actionText='我的优惠券' onAction={() => void Taro.navigateTo({ url: '/packages/coupons/index' })} />
        ) : (
          <View className='coupons__list'>
            {items.map((item) => {
              const button = claimButton(item)
              return (
                <View key={item.id} className='claim-item'>
                  <CouponFace
                    id={`claimable-${item.id}`}
                    terms={item}
                    name={item.name}
                    detail={`领取后 ${item.validDays} 天内有效 · 每人限领 ${item.perCustomerLimit} 张`}
                    off={!button.enabled && item.claimedByMe === 0}
                    aside={
                      <View className='claim-item__action'>
                        <Button
                          id={`claim-${item.id}`}
                          size='small'
                          type='primary'
                          disabled={!button.enabled}
                          loading={claiming === item.id}
                          onClick={(event) => {
                            event.stopPropagation()
                            void claim(item)
                          }}
                        >
                          {button.text}
                        </Button>
                        <Text className='claim-item__progress'>已抢 {item.claimedPercent}%</Text>
                      </View>
                    }
                  />
                </View>
              )
            })}
            <View className='coupons__footer' onClick={() => void Taro.navigateTo({ url: '/packages/coupons/index' })}>
              <Text id='centre-my-coupons'>查看我的优惠券 ›</Text>
            </View>
          </View>
        )
      }
    </PageState>
  )
}
