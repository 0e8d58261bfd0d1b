import { computed, type ComputedRef } from 'vue'
import type { Grant } from '../api/client'
import { currentGrant, useScope } from '../scope'
import { useSession } from '../session'

// The grant the workbench is working in (the one chosen in the header), or null before the
// session is known. Pages read it to know which unit they show.
export function useCurrentGrant(): ComputedRef<Grant | null> {
  const session = useSession()
  const scope = useScope()
  return computed(() => currentGrant(session.current?.grants ?? [], scope.index))
}
