import { ref, type Ref } from 'vue'
import { api, messageOf } from '../shared/api'

// One page of a list the server pages: its rows, the total, and the loading and error states
// every list page shows. `url` gives the address of the page to read (with its query).
// `response` holds the whole last answer, for lists that send more than rows and a total.
export function usePagedList<T, R extends { items: T[]; total: number } = { items: T[]; total: number }>(
  url: () => string | null, notFound?: string) {
  const items = ref<T[]>([]) as Ref<T[]>
  const response = ref<R | null>(null) as Ref<R | null>
  const total = ref(0)
  const loading = ref(false)
  const error = ref('')

  async function load(): Promise<void> {
    const address = url()
    if (!address) return
    loading.value = true
    error.value = ''
    try {
      const r = await api<R>('GET', address)
      response.value = r
      items.value = r.items
      total.value = r.total
    } catch (e) {
      items.value = []
      total.value = 0
      response.value = null
      error.value = messageOf(e, notFound)
    } finally {
      loading.value = false
    }
  }

  return { items, total, loading, error, load, response }
}
