import { fetchMe } from '../services/member'
import { useSessionStore } from '../stores/session'
import { useRemote } from './use-remote'

/**
 * The member card of whoever is signed in, loaded once a token exists and on each reload. A token
 * replaced by the 401 re-login needs no reload: the request that hit the 401 is replayed.
 */
export function useMember() {
  const signedIn = useSessionStore((s) => s.token !== null)
  const { state, reload } = useRemote(fetchMe, signedIn)
  return { state, reload, signedIn }
}
