import type { PropsWithChildren } from 'react'
import { useLaunch } from '@tarojs/taro'
import { useSessionStore } from './stores/session'
import './app.scss'

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // A stored token is tried first; if it has expired the first request's 401 signs in again.
    const { token, signIn } = useSessionStore.getState()
    if (!token) signIn().catch(() => undefined)
  })

  return children
}

export default App
