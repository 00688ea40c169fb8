import { View, Text, Image } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { Cart, CartLine, CartLineProblem } from '@liuliang/shared'
import { PageState } from '../../../components/page-state'
import { useRemote } from '../../../hooks/use-remote'
import { fetchCart, removeFromCart, setCartQuantity } from '../../../services/shop'
import { yuan } from '../../../utils/format'
import { Stepper } from '../stepper'
import '../../../styles/activity.scss'
import '../shop.scss'

const PROBLEMS: Record<CartLineProblem, (line: CartLine) => string> = {
  unavailable: () => '已下架',
  sold_out: () => '已售罄',
  short: (line) => `库存仅剩 ${line.stock} 件`,
}

export default function CartPage() {
  const { state, reload, setState } = useRemote((options) => fetchCart(options))
  useDidShow(() => void reload())
  const show = (cart: Cart) => setState({ status: 'ready', data: cart })
  const change = (action: () => Promise<Cart>) => {
    action().then(show, () => undefined)
  }

  return (
    <View className='activity-page shop-page'>
      <PageState state={state} onRetry={() => void reload()}>
        {(cart) => (
          <>
            {cart.lines.length === 0 ? (
              <View className='activity-card'>
                <Text className='activity-empty'>购物车是空的</Text>
                <Button block type='primary' fill='outline' onClick={() => void Taro.switchTab({ url: '/pages/home/index' })}>
                  去逛逛
                </Button>
              </View>
            ) : (
              <View className='activity-card'>
                {cart.lines.map((line) => (
                  <View key={line.id} id={`cart-line-${line.skuId}`} className='shop-line'>
                    <Image className='shop-line__image' src={line.imageUrl ?? ''} mode='aspectFill' />
                    <View className='shop-line__body'>
                      <Text className='shop-line__name'>{line.name}</Text>
                      {line.spec ? <Text className='activity-muted'>{line.spec}</Text> : null}
                      {line.problem ? <Text className='shop-line__problem'>{PROBLEMS[line.problem](line)}</Text> : null}
                      <View className='shop-line__foot'>
                        <Text className='activity-price'>¥{yuan(line.priceFen)}</Text>
                        <Stepper
                          id={`cart-quantity-${line.skuId}`}
                          value={line.quantity}
                          max={Math.max(line.quantity, Math.min(99, line.stock))}
                          onChange={(next) => change(() => setCartQuantity(line.id, next))}
                        />
                      </View>
                      <Text id={`cart-remove-${line.skuId}`} className='shop-line__remove' onClick={() => change(() => removeFromCart(line.id))}>
                        删除
                      </Text>
                    </View>
                  </View>
                ))}
              </View>
            )}
            {cart.lines.length > 0 ? (
              <View className='shop-bar'>
                <Text id='cart-total' className='activity-price'>
                  ¥{yuan(cart.totalFen)}
                </Text>
                <Button
                  id='cart-checkout'
                  type='primary'
                  disabled={cart.lines.some((line) => line.problem !== null)}
                  onClick={() => void Taro.navigateTo({ url: '/packages/shop/checkout/index' })}
                >
                  {cart.lines.some((line) => line.problem !== null) ? '请先处理失效商品' : '去结算'}
                </Button>
              </View>
            ) : null}
          </>
        )}
      </PageState>
    </View>
  )
}
