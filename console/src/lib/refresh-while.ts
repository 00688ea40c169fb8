import { useEffect } from 'react'
import type { RequestResult } from '@liuliang/ui/use-request'

/**
 * Asks again every `everyMs` while `underWay(data)` holds (a broadcast still being split into tasks),
 * keeping what is on screen meanwhile; stops once it no longer holds or the screen is left.
 */
export function useRefreshWhile<T>(request: RequestResult<T>, underWay: (data: T) => boolean, everyMs = 2000): void {
  const data = request.status === 'success' ? request.data : null
  const following = data !== null && underWay(data)
  const { refresh } = request
  useEffect(() => {
    if (!following) return
    const timer = setTimeout(refresh, everyMs)
    return () => clearTimeout(timer)
  }, [data, following, refresh, everyMs])
}
