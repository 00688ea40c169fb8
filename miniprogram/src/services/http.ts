import { isAxiosError } from 'axios'
import { useSessionStore } from '../stores/session'
import { createClient } from './client'

/** The client for everything behind consumer auth. */
export const http = createClient((client) => {
  client.interceptors.request.use((config) => {
    const { token } = useSessionStore.getState()
    if (token) config.headers.set('Authorization', `Bearer ${token}`)
    return config
  })
  // A token can expire or be revoked while the app is open: sign in again once and replay.
  client.interceptors.response.use(undefined, async (error: unknown) => {
    if (isAxiosError(error) && error.response?.status === 401 && error.config && !error.config.retried) {
      const session = await useSessionStore
        .getState()
        .signIn()
        .catch(() => null)
      if (session) return client.request({ ...error.config, retried: true })
    }
    throw error
  })
})
