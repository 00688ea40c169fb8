import { useState } from 'react'
import { View, Text, Input } from '@tarojs/components'
import { PagedListBody } from '../../../components/paged-list'
import { ProductGrid } from '../../../components/product-card'
import { useInfiniteList } from '../../../hooks/use-paged-list'
import { fetchShopProducts } from '../../../services/shop'
import '../../../styles/activity.scss'
import '../shop.scss'

function Results({ q }: { q: string }) {
  const { list, refresh } = useInfiniteList((cursor, options) => fetchShopProducts({ q }, cursor, options), q)
  return (
    <PagedListBody list={list} onRetry={() => void refresh()} empty={<Text className='activity-empty'>没有找到「{q}」相关的商品</Text>}>
      {(items) => <ProductGrid products={items} />}
    </PagedListBody>
  )
}

export default function SearchPage() {
  const [text, setText] = useState('')
  const [q, setQ] = useState('')
  const submit = () => setQ(text.trim().slice(0, 30))
  return (
    <View className='activity-page'>
      <View className='search-box'>
        <Input
          id='search-input'
          className='search-box__input'
          placeholder='搜索商品名称'
          confirmType='search'
          focus
          value={text}
          maxlength={30}
          onInput={(event) => setText(event.detail.value)}
          onConfirm={submit}
        />
        <Text id='search-submit' className='activity-title' onClick={submit}>
          搜索
        </Text>
      </View>
      {q ? <Results q={q} /> : <Text className='activity-empty'>输入商品名称搜索</Text>}
    </View>
  )
}
