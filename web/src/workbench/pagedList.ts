import { ref } from 'vue'
import { api, messageOf } from '../shared/api'

// One page of a list the server pages: its rows, the total, and the loading and error states
// every list page shows. `url` gives the address of the page to read (with its query).
export function usePagedList<T>(url: () => string | null, notFound?: string) {
  const items = ref<T[]>([])
  const total = ref(0)
  const loading = ref(false)
  const error = ref('')

  async function load(): Promise<void> {
    const address = url()
    if (!address) return
    loading.value = true
    error.value = ''
    try {
      const r = await api<{ items: T[]; total: number }>('GET', address)
      items.value = r.items
      total.value = r.total
    } catch (e) {
      items.value = []
      total.value = 0
      error.value = messageOf(e, notFound)
    } finally {
      loading.value = false
    }
  }

  return { items, total, loading, error, load }
}
