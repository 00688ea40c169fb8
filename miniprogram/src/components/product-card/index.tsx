import { View, Text, Image } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { ShopProduct } from '@liuliang/shared'
import { yuan } from '../../utils/format'
import './index.scss'

export const PRODUCT_PAGE = '/packages/shop/product/index'

/** A product in a two-column grid: cover, name, lowest price; sold out when nothing is left. */
export function ProductCard({ product }: { product: ShopProduct }) {
  return (
    <View
      id={`product-${product.id}`}
      className='product-card'
      onClick={() => void Taro.navigateTo({ url: `${PRODUCT_PAGE}?id=${product.id}` })}
    >
      {product.imageUrl ? (
        <Image className='product-card__image' src={product.imageUrl} mode='aspectFill' lazyLoad />
      ) : (
        <View className='product-card__image product-card__image--empty'>{product.name.slice(0, 1)}</View>
      )}
      <Text className='product-card__name'>{product.name}</Text>
      <View className='product-card__foot'>
        <Text className='product-card__price'>¥{yuan(product.priceFen)}</Text>
        {product.stock === 0 ? <Text className='product-card__sold-out'>已售罄</Text> : null}
      </View>
    </View>
  )
}

export function ProductGrid({ products }: { products: ShopProduct[] }) {
  return (
    <View className='product-grid'>
      {products.map((product) => (
        <ProductCard key={product.id} product={product} />
      ))}
    </View>
  )
}
