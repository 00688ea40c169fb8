import { useCallback, useEffect, useRef, useState } from 'react'
import { errorMessage } from '../services/client'
import { useSessionStore } from '../stores/session'

export type RemoteState<T> = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: T }

/**
 * Data a page loads from the API once signed in, with a reload that keeps what is on screen
 * while it refreshes; only the latest load may set state.
 */
export function useRemote<T>(load: () => Promise<T>, deps: readonly unknown[] = []) {
  const signedIn = useSessionStore((s) => s.token !== null)
  const [state, setState] = useState<RemoteState<T>>({ status: 'loading' })
  const latest = useRef(0)
  // The latest `load` closure is called, so callers need not memoize it; `deps` say when to load again.
  const loadRef = useRef(load)
  loadRef.current = load

  const reload = useCallback(async () => {
    const request = ++latest.current
    try {
      const data = await loadRef.current()
      if (request === latest.current) setState({ status: 'ready', data })
    } catch (error) {
      if (request === latest.current) setState((current) => (current.status === 'ready' ? current : { status: 'error', message: errorMessage(error) }))
    }
  }, [])

  useEffect(() => {
    if (signedIn) void reload()
  }, [signedIn, reload, ...deps])

  return { state, reload, setState }
}
