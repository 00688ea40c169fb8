import { View, Text } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { PageError, PageLoading } from '../../components/page-state'
import { StateView } from '../../components/state-view'
import { useMember } from '../../hooks/use-member'
import { useRemote } from '../../hooks/use-remote'
import { fetchMallItems } from '../../services/mall'
import { ItemImage } from './item-image'
import './index.scss'

export default function MallPage() {
  const { state, reload } = useRemote(fetchMallItems)
  const member = useMember()
  useDidShow(() => {
    // Coming back from a redemption: stock and balance have changed.
    if (state.status === 'ready') void Promise.all([reload(), member.reload()])
  })
  usePullDownRefresh(() => {
    void Promise.all([reload(), member.reload()]).finally(() => Taro.stopPullDownRefresh())
  })

  if (state.status === 'loading') return <PageLoading />
  if (state.status === 'error') return <PageError message={state.message} onRetry={() => void reload()} />
  const balance = member.state.status === 'ready' ? member.state.data.points.balance : null

  return (
    <View className='mall'>
      <View className='mall__balance'>
        <View className='mall__balance-main'>
          <Text>我的积分</Text>
          <Text id='mall-balance' className='mall__balance-value'>
            {balance ?? '—'}
          </Text>
        </View>
        <Text
          id='mall-redemptions'
          className='mall__history'
          onClick={() => void Taro.navigateTo({ url: '/packages/mall/redemptions/index' })}
        >
          兑换记录 ›
        </Text>
      </View>
      {state.data.items.length === 0 ? (
        <StateView title='积分商城暂无商品' description='新的好礼正在上架，稍后再来看看' actionText='刷新' onAction={() => void reload()} />
      ) : (
        <View className='mall__grid'>
          {state.data.items.map((item) => (
            <View
              key={item.id}
              id={`mall-item-${item.id}`}
              className='mall__item'
              onClick={() => void Taro.navigateTo({ url: `/packages/mall/detail/index?id=${item.id}` })}
            >
              <ItemImage item={item} className='mall__image' />
              <Text className='mall__name'>{item.name}</Text>
              <View className='mall__meta'>
                <Text className='mall__price'>{item.pointsPrice} 积分</Text>
                <Text className='mall__stock'>{item.stock > 0 ? `剩 ${item.stock}` : '已兑完'}</Text>
              </View>
            </View>
          ))}
        </View>
      )}
    </View>
  )
}
