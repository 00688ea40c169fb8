import { useCallback, useEffect, useRef, useState } from 'react'
import type { MeResponse } from '@liuliang/shared'
import { errorMessage } from '../services/client'
import { fetchMe } from '../services/member'
import { useSessionStore } from '../stores/session'

export type MemberState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; data: MeResponse }

/** The member card of whoever is signed in, loaded once a token exists and on each reload. */
export function useMember() {
  const signedIn = useSessionStore((s) => s.token !== null)
  const [state, setState] = useState<MemberState>({ status: 'loading' })
  const stateRef = useRef(state)
  stateRef.current = state
  // Only the latest request may set state: a reload can overtake an earlier one.
  const latest = useRef(0)

  const reload = useCallback(async () => {
    const request = ++latest.current
    const shown = stateRef.current.status === 'ready'
    if (!shown) setState({ status: 'loading' })
    try {
      // With a card on screen a failed refresh keeps it and toasts; otherwise the page shows the error.
      const data = await fetchMe({ silent: !shown })
      if (request === latest.current) setState({ status: 'ready', data })
    } catch (error) {
      if (request === latest.current && !shown) setState({ status: 'error', message: errorMessage(error) })
    }
  }, [])

  // Load when a session starts. A token replaced by the 401 re-login needs no reload: the
  // request that hit the 401 is replayed.
  useEffect(() => {
    if (signedIn) void reload()
    else setState({ status: 'loading' })
  }, [signedIn, reload])

  return { state, reload, signedIn }
}
