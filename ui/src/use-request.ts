import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react'
import { isAbortError } from './http'

export type RequestState<T> =
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'success'; data: T }

export type RequestResult<T> = RequestState<T> & {
  /** Loads again from scratch (loading state, then the answer). */
  reload: () => void
  /** Loads again while the current data stays on screen; a failure keeps the data. */
  refresh: () => void
  /** Changes the data in place, for an answer that already says what changed. */
  mutate: (update: (data: T) => T) => void
}

/**
 * Runs `load` whenever `deps` change (and on `reload`/`refresh`), cancelling the previous run so a slow
 * answer for an old customer never replaces the current one.
 */
export function useRequest<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): RequestResult<T> {
  const [state, setState] = useState<RequestState<T>>({ status: 'loading' })
  const [attempt, setAttempt] = useState(0)
  const quiet = useRef(false)

  useEffect(() => {
    const controller = new AbortController()
    const keepData = quiet.current
    quiet.current = false
    if (!keepData) setState({ status: 'loading' })
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'success', data })
      },
      (error: unknown) => {
        if (controller.signal.aborted || isAbortError(error)) return
        setState((current) => (keepData && current.status === 'success' ? current : { status: 'error', error }))
      },
    )
    return () => controller.abort()
    // `load` is recreated every render; `deps` say when it really changes.
  }, [...deps, attempt])

  const reload = useCallback(() => setAttempt((n) => n + 1), [])
  const refresh = useCallback(() => {
    quiet.current = true
    setAttempt((n) => n + 1)
  }, [])
  const mutate = useCallback(
    (update: (data: T) => T) => setState((current) => (current.status === 'success' ? { status: 'success', data: update(current.data) } : current)),
    [],
  )
  return { ...state, reload, refresh, mutate }
}
