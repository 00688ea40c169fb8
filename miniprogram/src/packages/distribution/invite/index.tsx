import { useEffect, useState } from 'react'
import { View, Text } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { BindReferralResponse } from '@liuliang/shared'
import { PageState } from '../../../components/page-state'
import { useRemote } from '../../../hooks/use-remote'
import { bindReferral } from '../../../services/distribution'
import { fetchProducts, placeOrder } from '../../../services/orders'
import { useSessionStore } from '../../../stores/session'
import { yuan } from '../../../utils/format'
import '../../../styles/activity.scss'

/** The code from a share link (`?code=`) or a scanned mini-program code (`?scene=d%3D<code>`). */
function codeFrom(params: Record<string, string | undefined>): string | null {
  if (params.code) return params.code
  const scene = params.scene ? decodeURIComponent(params.scene) : ''
  return scene.startsWith('d=') ? scene.slice(2) : null
}

export default function InvitePage() {
  const code = codeFrom(useRouter().params)
  const signedIn = useSessionStore((s) => s.token !== null)
  const [binding, setBinding] = useState<BindReferralResponse | null>(null)
  const { state, reload } = useRemote(() => fetchProducts())
  const [buying, setBuying] = useState<number | null>(null)

  useEffect(() => {
    if (!signedIn || !code) return
    bindReferral(code)
      .then(setBinding)
      .catch(() => setBinding({ bound: false, distributor: null, reason: '这个分享码无效' }))
  }, [signedIn, code])

  const buy = async (productId: number) => {
    setBuying(productId)
    try {
      const order = await placeOrder(productId)
      await Taro.navigateTo({ url: `/packages/orders/detail/index?id=${order.id}` })
    } catch {
      // The request's toast says why (sold out…).
    } finally {
      setBuying(null)
    }
  }

  return (
    <View className='activity-page'>
      <View className='activity-card'>
        <Text id='invite-binding' className='activity-title'>
          {binding?.distributor ? `来自 ${binding.distributor.name ?? '好友'} 的推荐` : '好友推荐好物'}
        </Text>
        {binding && !binding.bound && binding.reason ? <Text className='activity-muted'>{binding.reason}</Text> : null}
      </View>
      <PageState state={state} onRetry={() => void reload()}>
        {({ items }) =>
          items.map((product) => (
            <View key={product.id} className='activity-card'>
              <Text className='activity-title'>{product.name}</Text>
              {product.description ? <Text className='activity-muted'>{product.description}</Text> : null}
              <View className='activity-row'>
                <Text className='activity-price'>¥{yuan(product.priceFen)}</Text>
                <Button
                  id={`buy-${product.id}`}
                  size='small'
                  type='primary'
                  disabled={product.stock === 0}
                  loading={buying === product.id}
                  onClick={() => void buy(product.id)}
                >
                  {product.stock === 0 ? '已售罄' : '立即购买'}
                </Button>
              </View>
            </View>
          ))
        }
      </PageState>
    </View>
  )
}
