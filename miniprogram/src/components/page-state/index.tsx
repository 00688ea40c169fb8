import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import { Skeleton } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/skeleton/style/css'
import type { RemoteState } from '../../hooks/use-remote'
import { StateView } from '../state-view'

/** A page's loading skeleton, its error with a retry, or its content. */
export function PageState<T>({ state, onRetry, children }: { state: RemoteState<T>; onRetry: () => void; children: (data: T) => ReactNode }) {
  if (state.status === 'error') return <StateView title='加载失败' description={state.message} actionText='重试' onAction={onRetry} />
  if (state.status === 'loading') {
    return (
      <View style={{ padding: '16px' }}>
        <Skeleton rows={4} animated />
      </View>
    )
  }
  return <>{children(state.data)}</>
}
