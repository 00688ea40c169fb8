import { View, Text, Image } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { PageError, PageState } from '../../../components/page-state'
import { useRemote } from '../../../hooks/use-remote'
import { fetchCouponDetail } from '../../../services/coupons'
import { formatDateTime } from '../../../utils/format'
import { CouponCard } from '../coupon-card'
import '../index.scss'

/** One of my coupons with its redemption code: shown in store, where a guide enters or scans it (核销). */
export default function CouponDetailPage() {
  const couponId = Number(useRouter().params.id)
  const valid = Number.isInteger(couponId) && couponId > 0
  const { state, reload } = useRemote((options) => fetchCouponDetail(couponId, options), valid ? couponId : null)
  if (!valid) return <PageError message='优惠券链接不正确' onRetry={() => void Taro.navigateBack()} />

  return (
    <PageState state={state} onRetry={() => void reload()}>
      {(coupon) => (
        <View className='coupon-detail'>
          <CouponCard coupon={coupon} />
          <View className='coupon-detail__code-card'>
            {coupon.status === 'available' ? (
              <>
                <Text className='coupon-detail__hint'>到店消费时出示此码，由导购扫码或输入核销</Text>
                <Image id='coupon-qr' className='coupon-detail__qr' src={coupon.redemptionQr} mode='aspectFit' />
                <Text id='coupon-code' className='coupon-detail__code' userSelect>
                  {coupon.redemptionCode}
                </Text>
                <Text className='coupon-detail__hint'>线上下单时会自动选用最优惠的券</Text>
              </>
            ) : (
              <Text className='coupon-detail__hint'>
                {coupon.status === 'used' ? `已于 ${formatDateTime(coupon.usedAt ?? coupon.validUntil)} 使用` : '这张券已过期'}
              </Text>
            )}
          </View>
        </View>
      )}
    </PageState>
  )
}
