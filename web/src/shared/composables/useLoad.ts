import { ref, type Ref } from 'vue'
import { messageOf } from '../api/client'

// What a page shows, read from the server: the answer, whether it is on its way, and the error in
// plain words when it failed (`notFound` names the page's own word for a 404). `read` asks (a typed
// call, or several), or answers null when there is nothing to ask yet. A failed read clears what
// was shown: a page does not go on showing a state it could not confirm.
export function useLoad<T>(read: () => Promise<T> | null, notFound?: string) {
  const data = ref(null) as Ref<T | null>
  const loading = ref(true)
  const error = ref('')

  async function load(): Promise<void> {
    const reading = read()
    if (!reading) {
      loading.value = false
      return
    }
    loading.value = true
    error.value = ''
    try {
      data.value = await reading
    } catch (e) {
      data.value = null
      error.value = messageOf(e, notFound)
    } finally {
      loading.value = false
    }
  }

  return { data, loading, error, load }
}
