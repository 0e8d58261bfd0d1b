import { computed } from 'vue'
import { useLoad } from './useLoad'

// One page of a list the server pages: its rows and the total, with useLoad's loading and error
// states. `response` holds the whole last answer, for lists that send more than rows and a total.
export function usePagedList<R extends { items: unknown[]; total: number }>(read: () => Promise<R> | null,
  notFound?: string) {
  const { data: response, loading, error, load } = useLoad(read, notFound)
  const items = computed((): R['items'] => response.value?.items ?? [])
  const total = computed(() => response.value?.total ?? 0)
  return { items, total, loading, error, load, response }
}
