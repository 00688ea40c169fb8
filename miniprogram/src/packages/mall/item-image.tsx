import { View, Image } from '@tarojs/components'
import type { MallItem } from '@liuliang/shared'
import './item-image.scss'

/** The item's picture, or a glyph saying what kind of item it is when it has none. */
export function ItemImage({ item, className }: { item: Pick<MallItem, 'imageUrl' | 'kind'>; className: string }) {
  if (item.imageUrl) return <Image className={`item-image ${className}`} src={item.imageUrl} mode='aspectFill' />
  return <View className={`item-image item-image--placeholder ${className}`}>{item.kind === 'coupon' ? '券' : '礼'}</View>
}
