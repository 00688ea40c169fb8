import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { PagedListBody } from '../../../components/paged-list'
import { PageState } from '../../../components/page-state'
import { ProductGrid } from '../../../components/product-card'
import { useInfiniteList } from '../../../hooks/use-paged-list'
import { useRemote } from '../../../hooks/use-remote'
import { fetchShopHome, fetchShopProducts } from '../../../services/shop'
import '../../../styles/activity.scss'
import '../shop.scss'

function CategoryProducts({ categoryId }: { categoryId: number }) {
  const { list, refresh } = useInfiniteList((cursor, options) => fetchShopProducts({ categoryId }, cursor, options), String(categoryId))
  return (
    <PagedListBody list={list} onRetry={() => void refresh()} empty={<Text className='activity-empty'>这个分类还没有商品</Text>}>
      {(items) => <ProductGrid products={items} />}
    </PagedListBody>
  )
}

export default function CategoryPage() {
  const asked = Number(useRouter().params.id)
  const { state, reload } = useRemote((options) => fetchShopHome(options))
  const [chosen, setChosen] = useState<number | null>(Number.isInteger(asked) ? asked : null)

  return (
    <View className='activity-page'>
      <PageState state={state} onRetry={() => void reload()}>
        {({ categories }) => {
          if (categories.length === 0) return <Text className='activity-empty'>还没有分类</Text>
          const current = categories.find((category) => category.id === chosen)?.id ?? (categories[0]?.id as number)
          return (
            <View className='category-layout'>
              <View className='category-layout__menu'>
                {categories.map((category) => (
                  <View
                    key={category.id}
                    id={`category-tab-${category.id}`}
                    className={`category-layout__item${category.id === current ? ' category-layout__item--active' : ''}`}
                    onClick={() => setChosen(category.id)}
                  >
                    {category.name}
                  </View>
                ))}
              </View>
              <View className='category-layout__products'>
                <CategoryProducts categoryId={current} />
              </View>
            </View>
          )
        }}
      </PageState>
    </View>
  )
}
