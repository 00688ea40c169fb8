import { View, Text, Image, Swiper, SwiperItem } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { Banner } from '@liuliang/shared'
import { PRODUCT_PAGE, ProductGrid } from '../../components/product-card'
import { useRemote } from '../../hooks/use-remote'
import { fetchShopHome, fetchShopProducts } from '../../services/shop'

const CATEGORY_PAGE = '/packages/shop/category/index'

function follow(banner: Banner) {
  if (banner.linkType === 'product') void Taro.navigateTo({ url: `${PRODUCT_PAGE}?id=${banner.linkId}` })
  if (banner.linkType === 'category') void Taro.navigateTo({ url: `${CATEGORY_PAGE}?id=${banner.linkId}` })
}

/** The storefront on the home tab: banners, the search box, categories and the newest products. */
export function ShopSection({ signedIn }: { signedIn: boolean }) {
  const home = useRemote((options) => fetchShopHome(options), signedIn)
  const products = useRemote((options) => fetchShopProducts({}, null, options), signedIn)
  const banners = home.state.status === 'ready' ? home.state.data.banners : []
  const categories = home.state.status === 'ready' ? home.state.data.categories : []

  return (
    <View className='shop'>
      <View className='shop__bar'>
        <View id='shop-search' className='shop__search' onClick={() => void Taro.navigateTo({ url: '/packages/shop/search/index' })}>
          搜索商品
        </View>
        <View id='shop-cart' className='shop__cart' onClick={() => void Taro.navigateTo({ url: '/packages/shop/cart/index' })}>
          购物车
        </View>
      </View>
      {banners.length > 0 ? (
        <Swiper className='shop__banners' autoplay circular indicatorDots>
          {banners.map((banner) => (
            <SwiperItem key={banner.id}>
              <View id={`banner-${banner.id}`} className='shop__banner' onClick={() => follow(banner)}>
                <Image className='shop__banner-image' src={banner.imageUrl} mode='aspectFill' />
                {/* Over the picture, so the banner reads while it loads, or if it cannot. */}
                <Text className='shop__banner-title'>{banner.title}</Text>
              </View>
            </SwiperItem>
          ))}
        </Swiper>
      ) : null}
      {categories.length > 0 ? (
        <View className='shop__categories'>
          {categories.map((category) => (
            <View
              key={category.id}
              id={`category-${category.id}`}
              className='shop__category'
              onClick={() => void Taro.navigateTo({ url: `${CATEGORY_PAGE}?id=${category.id}` })}
            >
              <View className='shop__category-glyph'>{category.name.slice(0, 1)}</View>
              <Text className='shop__category-name'>{category.name}</Text>
            </View>
          ))}
        </View>
      ) : null}
      <Text className='shop__title'>精选商品</Text>
      {products.state.status === 'ready' ? (
        products.state.data.items.length > 0 ? (
          <ProductGrid products={products.state.data.items} />
        ) : (
          <Text className='shop__empty'>商品即将上架</Text>
        )
      ) : products.state.status === 'error' ? (
        <Text className='shop__empty' onClick={() => void products.reload()}>
          商品加载失败，点此重试
        </Text>
      ) : (
        <Text className='shop__empty'>加载中…</Text>
      )}
    </View>
  )
}
