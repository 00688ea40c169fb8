import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import { Skeleton } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/skeleton/style/css'
import type { RemoteState } from '../../hooks/use-remote'
import { StateView } from '../state-view'

/** Loading and error states of a page, so each page only draws its data. */
export function PageLoading() {
  return (
    <View className='page-loading' style={{ padding: '16px', background: '#ffffff' }}>
      <Skeleton rows={4} animated />
    </View>
  )
}

export function PageError({ message, onRetry }: { message: string; onRetry: () => void }) {
  return <StateView title='加载失败' description={message} actionText='重试' onAction={onRetry} />
}

/** A page's loading skeleton, its error with a retry, or its content. */
export function PageState<T>({ state, onRetry, children }: { state: RemoteState<T>; onRetry: () => void; children: (data: T) => ReactNode }) {
  if (state.status === 'error') return <PageError message={state.message} onRetry={onRetry} />
  if (state.status === 'loading') return <PageLoading />
  return <>{children(state.data)}</>
}
