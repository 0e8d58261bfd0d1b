// useChange, the composable every page that changes a record uses: busy while the change runs,
// a plain-words error, and a notice (and a reload) when someone else changed it first.
import { describe, expect, it } from 'vitest'
import { ApiError } from '../api/client'
import { useChange } from './useChange'

describe('useChange', () => {
  it('runs the change, then reloads, and is busy only meanwhile', async () => {
    const c = useChange('cases.changed')
    const seen: boolean[] = []
    let reloads = 0
    const ok = await c.run(async () => { seen.push(c.busy.value) }, async () => { reloads++ })
    expect(ok).toBe(true)
    expect(seen).toEqual([true])
    expect(c.busy.value).toBe(false)
    expect(reloads).toBe(1)
    expect(c.error.value).toBe('')
    expect(c.notice.value).toBe('')
  })

  it('turns a 409 into the notice and reloads what the page shows', async () => {
    const c = useChange('cases.changed')
    let reloads = 0
    const ok = await c.run(async () => { throw new ApiError(409, 'errors.generic') }, async () => { reloads++ })
    expect(ok).toBe(false)
    expect(c.notice.value).toBe('cases.changed')
    expect(c.error.value).toBe('')
    expect(reloads).toBe(1)
  })

  it('words other failures, with the page\'s own explanation first', async () => {
    const explain = (e: ApiError) => (e.field === '/due' ? 'followUps.badDay' : undefined)
    const c = useChange('cases.changed', explain)
    await c.run(async () => { throw new ApiError(400, 'errors.invalid', '/due') }, async () => {})
    expect(c.error.value).toBe('followUps.badDay')
    await c.run(async () => { throw new ApiError(403, 'errors.forbidden') }, async () => {})
    expect(c.error.value).toBe('errors.forbidden')
    await c.run(async () => { throw new Error('not from the server') }, async () => {})
    expect(c.error.value).toBe('errors.generic')
    expect(c.notice.value).toBe('')
  })
})
