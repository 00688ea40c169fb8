import { useState } from 'react'
import { View, Text, Image, Swiper, SwiperItem } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { ProductDetail } from '@liuliang/shared'
import { PageError, PageState } from '../../../components/page-state'
import { useRemote } from '../../../hooks/use-remote'
import { addToCart, fetchProductDetail } from '../../../services/shop'
import { yuan } from '../../../utils/format'
import { initialPick, pickedSku, skusWith, type Picked } from '../sku-picker'
import { Stepper } from '../stepper'
import '../../../styles/activity.scss'
import '../shop.scss'

function ProductView({ product }: { product: ProductDetail }) {
  const [picked, setPicked] = useState<Picked>(() => initialPick(product))
  const [quantity, setQuantity] = useState(1)
  const [busy, setBusy] = useState(false)
  const sku = product.specs.length === 0 ? (product.skus[0] ?? null) : pickedSku(product, picked)
  const stock = sku ? sku.stock : product.stock

  const choose = (specIndex: number, value: string) =>
    setPicked((current) => current.map((v, index) => (index === specIndex ? (v === value ? null : value) : v)))

  const needSku = () => {
    if (sku) return sku
    const missing = product.specs.find((_, index) => picked[index] === null)
    void Taro.showToast({ title: `请选择${missing?.name ?? '规格'}`, icon: 'none' })
    return null
  }

  const putInCart = async () => {
    const chosen = needSku()
    if (!chosen) return
    setBusy(true)
    try {
      await addToCart(chosen.id, quantity)
      void Taro.showToast({ title: '已加入购物车', icon: 'success' })
    } catch {
      // The http client has toasted the reason.
    } finally {
      setBusy(false)
    }
  }

  const buyNow = () => {
    const chosen = needSku()
    if (chosen) void Taro.navigateTo({ url: `/packages/shop/checkout/index?skuId=${chosen.id}&quantity=${quantity}` })
  }

  return (
    <View className='activity-page shop-page'>
      {product.images.length > 0 ? (
        <Swiper className='shop-gallery' indicatorDots circular>
          {product.images.map((url) => (
            <SwiperItem key={url}>
              <Image className='shop-gallery__image' src={url} mode='aspectFill' onClick={() => void Taro.previewImage({ urls: product.images, current: url })} />
            </SwiperItem>
          ))}
        </Swiper>
      ) : null}
      <View className='activity-card'>
        <Text id='product-price' className='activity-price'>
          ¥{yuan(sku ? sku.priceFen : product.priceFen)}
          {sku || product.specs.length === 0 ? '' : ' 起'}
        </Text>
        <Text id='product-name' className='activity-title'>
          {product.name}
        </Text>
        {product.description ? <Text className='activity-muted'>{product.description}</Text> : null}
      </View>
      <View className='activity-card'>
        {product.specs.map((spec, specIndex) => (
          <View key={spec.name} className='sku-spec'>
            <Text className='sku-spec__name'>{spec.name}</Text>
            <View className='sku-spec__values'>
              {spec.values.map((value, valueIndex) => {
                const reachable = skusWith(product, picked, specIndex, value)
                const left = reachable.reduce((sum, s) => sum + s.stock, 0)
                const prices = reachable.map((s) => s.priceFen)
                const price = prices.length ? Math.min(...prices) : null
                const selected = picked[specIndex] === value
                return (
                  <View
                    key={value}
                    id={`sku-option-${specIndex}-${valueIndex}`}
                    className={`sku-chip${selected ? ' sku-chip--selected' : ''}${left === 0 ? ' sku-chip--empty' : ''}`}
                    onClick={() => choose(specIndex, value)}
                  >
                    <Text className='sku-chip__value'>{value}</Text>
                    <Text className='sku-chip__meta'>{price === null ? '无货' : `¥${yuan(price)} · ${left === 0 ? '无货' : `余${left}`}`}</Text>
                  </View>
                )
              })}
            </View>
          </View>
        ))}
        <View className='activity-row'>
          <Text id='sku-chosen'>{sku ? `已选 ${sku.spec || '默认'}` : `请选择 ${product.specs.map((spec) => spec.name).join(' / ')}`}</Text>
          <Text id='sku-stock' className='activity-muted'>
            库存 {stock}
          </Text>
        </View>
        <View className='activity-row'>
          <Text>数量</Text>
          <Stepper id='product-quantity' value={quantity} max={Math.max(1, Math.min(99, stock))} onChange={setQuantity} />
        </View>
      </View>
      <View className='shop-bar'>
        <Button id='go-cart' type='default' onClick={() => void Taro.navigateTo({ url: '/packages/shop/cart/index' })}>
          购物车
        </Button>
        <Button id='add-to-cart' type='warning' loading={busy} disabled={stock === 0} onClick={() => void putInCart()}>
          加入购物车
        </Button>
        <Button id='buy-now' type='primary' disabled={stock === 0} onClick={buyNow}>
          {stock === 0 ? '已售罄' : '立即购买'}
        </Button>
      </View>
    </View>
  )
}

export default function ProductPage() {
  const id = Number(useRouter().params.id)
  const { state, reload } = useRemote((options) => fetchProductDetail(id, options), Number.isInteger(id) ? id : null)
  if (!Number.isInteger(id)) return <PageError message='商品链接不正确' onRetry={() => void Taro.navigateBack()} />
  return (
    <PageState state={state} onRetry={() => void reload()}>
      {(product) => <ProductView product={product} />}
    </PageState>
  )
}
