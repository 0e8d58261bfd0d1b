import { ref, type Ref } from 'vue'
import { messageOf } from '../api/client'

// One page of a list the server pages: its rows, the total, and the loading and error states
// every list page shows. `read` asks for the page to show (a typed call, with its query), or
// answers null when there is nothing to ask yet. `response` holds the whole last answer, for lists
// that send more than rows and a total.
export function usePagedList<R extends { items: unknown[]; total: number }>(read: () => Promise<R> | null,
  notFound?: string) {
  const items = ref([]) as Ref<R['items']>
  const response = ref<R | null>(null) as Ref<R | null>
  const total = ref(0)
  const loading = ref(false)
  const error = ref('')

  async function load(): Promise<void> {
    const reading = read()
    if (!reading) return
    loading.value = true
    error.value = ''
    try {
      const r = await reading
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
