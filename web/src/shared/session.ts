import { defineStore } from 'pinia'
import { setCsrfToken, type Session } from './api/client'
import { call } from './api/typed'

// Who is signed in, shared by the pages of one entry.
export const useSession = defineStore('session', {
  state: () => ({ current: null as Session | null, checked: false }),
  actions: {
    async restore(): Promise<void> {
      try {
        this.accept(await call('get', '/api/v1/session'))
      } catch {
        this.current = null
      }
      this.checked = true
    },
    accept(session: Session): void {
      setCsrfToken(session.csrf_token)
      this.current = session
    },
    // The server says the session is over: forget it without asking the server again.
    expire(): void {
      setCsrfToken('')
      this.current = null
    },
    async signOut(): Promise<void> {
      try {
        await call('delete', '/api/v1/session')
      } finally {
        setCsrfToken('')
        this.current = null
      }
    },
  },
})
