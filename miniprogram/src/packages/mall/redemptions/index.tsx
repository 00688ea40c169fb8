import { View, Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { Redemption } from '@liuliang/shared'
import { PagedListBody } from '../../../components/paged-list'
import { StateView } from '../../../components/state-view'
import { useInfiniteList } from '../../../hooks/use-paged-list'
import { fetchMyRedemptions } from '../../../services/mall'
import { formatDateTime } from '../../../utils/format'
import './index.scss'

const STATUS: Record<Redemption['status'], string> = { completed: '已发放', awaiting_shipment: '待发货', shipped: '已发货' }

export default function RedemptionsPage() {
  const { list, refresh } = useInfiniteList(fetchMyRedemptions)
  return (
    <View className='redemptions'>
      <PagedListBody
        list={list}
        onRetry={() => void refresh()}
        empty={
          <StateView
            title='还没有兑换记录'
            description='积分可以兑换优惠券和好礼'
            actionText='去积分商城'
            onAction={() => void Taro.redirectTo({ url: '/packages/mall/index' })}
          />
        }
      >
        {(items) =>
          items.map((r) => (
            <View key={r.id} id={`redemption-${r.id}`} className='redemptions__item'>
              <View className='redemptions__row'>
                <Text className='redemptions__name'>{r.itemName}</Text>
                <Text className={`redemptions__status redemptions__status--${r.status}`}>{STATUS[r.status]}</Text>
              </View>
              <Text className='redemptions__meta'>
                {formatDateTime(r.createdAt)} · 消耗 {r.pointsSpent} 积分
              </Text>
              {r.address ? (
                <Text className='redemptions__meta'>
                  寄往 {r.address.name} {r.address.region} {r.address.detail}
                </Text>
              ) : null}
              {r.trackingNo ? <Text className='redemptions__meta'>快递单号 {r.trackingNo}</Text> : null}
            </View>
          ))
        }
      </PagedListBody>
    </View>
  )
}
