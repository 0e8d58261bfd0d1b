import { ref } from 'vue'
import { ApiError, messageOf } from '../api/client'

// One change a page makes on what it shows (a case, a referral, a visit): busy while it runs, the
// error in plain words, and a notice (`changedKey`) when someone else changed it first (409), after
// which the page reloads what it shows.
export function useChange(changedKey: string, explain?: (e: ApiError) => string | undefined) {
  const busy = ref(false)
  const error = ref('')
  const notice = ref('')
  async function run(fn: () => Promise<unknown>, reload: () => Promise<void>): Promise<boolean> {
    busy.value = true
    error.value = ''
    notice.value = ''
    let ok = false
    try {
      await fn()
      ok = true
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) notice.value = changedKey
      else error.value = (e instanceof ApiError && explain?.(e)) || messageOf(e)
    } finally {
      busy.value = false
    }
    await reload()
    return ok
  }
  return { busy, error, notice, run }
}
