import type { PropsWithChildren } from 'react'
import { useLaunch } from '@tarojs/taro'
import { IS_H5 } from './env'
import { useSessionStore } from './stores/session'
import './app.scss'

// Taro's h5 tab bar items are links to `javascript:;`, which the content security policy refuses, and
// reports, on every tap; the tap's own handler switches the tab, so the link's navigation is dropped.
if (IS_H5) {
  document.addEventListener(
    'click',
    (event) => {
      if (event.target instanceof Element && event.target.closest('a[href^="javascript:"]')) event.preventDefault()
    },
    true,
  )
}

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // A stored token is tried first; if it has expired the first request's 401 signs in again.
    // On h5 with nobody picked yet there is no code to sign in with: the home page opens the
    // dev-login page once it is on screen (opening it now would race the first page's mount).
    const { token, devWho, signIn } = useSessionStore.getState()
    if (!token && !(IS_H5 && devWho === null)) signIn().catch(() => undefined)
  })

  return children
}

export default App
