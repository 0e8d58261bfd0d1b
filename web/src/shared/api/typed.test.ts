import { afterEach, describe, expect, it, vi } from 'vitest'
import { address, call, send } from './typed'

describe('the typed client', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('fills a route\'s parameters, encoded, and refuses a missing one', () => {
    expect(address('/api/v1/alerts/{id}', { id: 12 })).toBe('/api/v1/alerts/12')
    expect(address('/api/v1/campaigns/{id}/classes/{class}', { id: 3, class: 'a/b' })).toBe('/api/v1/campaigns/3/classes/a%2Fb')
    expect(() => address('/api/v1/alerts/{id}', {})).toThrow('{id}')
  })

  it('sends the method, the address with its query, and the JSON body', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ id: 5 }), { status: 200 }))
    vi.stubGlobal('fetch', fetch)
    const answer = await call('get', '/api/v1/org-units/{id}/cases', { path: { id: 5 }, query: { state: 'closed', limit: 20 } })
    expect(answer).toEqual({ id: 5 })
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('/api/v1/org-units/5/cases?state=closed&limit=20')
    expect(init.method).toBe('GET')
    await call('post', '/api/v1/alerts/{id}/acknowledge', { path: { id: 5 }, body: { version: 2 } })
    const [ackUrl, ack] = fetch.mock.calls[1] as unknown as [string, RequestInit]
    expect(ackUrl).toBe('/api/v1/alerts/5/acknowledge')
    expect(ack.method).toBe('POST')
    expect(ack.body).toBe('{"version":2}')
  })

  it('leaves out the filters a person has not set', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ items: [], total: 0 }), { status: 200 }))
    vi.stubGlobal('fetch', fetch)
    await call('get', '/api/v1/alerts', { query: { level: '', state: undefined, overdue: 1, limit: 20 } })
    const [url] = fetch.mock.calls[0] as unknown as [string]
    expect(url).toBe('/api/v1/alerts?overdue=1&limit=20')
  })

  it('sends a roster file as the body, typed by its name', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ dry_run: true }), { status: 200 }))
    vi.stubGlobal('fetch', fetch)
    await send('/api/v1/org-units/{id}/staff/import', new File(['a,b'], 'staff.csv'), { path: { id: 7 }, query: { dry_run: true } })
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('/api/v1/org-units/7/staff/import?dry_run=true')
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('text/csv')
    expect(init.method).toBe('POST')
    expect(init.body).toBeInstanceOf(File)
  })
})

describe('the typed client at build time', () => {
  it('refuses a route or a method the document does not have (vue-tsc checks these lines)', () => {
    // @ts-expect-error: no such route
    const unknown = () => call('get', '/api/v1/no-such-route')
    // @ts-expect-error: alerts are not deleted
    const wrongMethod = () => call('delete', '/api/v1/alerts/{id}', { path: { id: 1 } })
    // @ts-expect-error: acknowledging takes the version read
    const wrongBody = () => call('post', '/api/v1/alerts/{id}/acknowledge', { path: { id: 1 }, body: { version: 'x' } })
    // @ts-expect-error: the case register has no such filter
    const wrongFilter = () => call('get', '/api/v1/org-units/{id}/cases', { path: { id: 1 }, query: { level: 'I' } })
    // @ts-expect-error: a case is open or closed
    const wrongValue = () => call('get', '/api/v1/org-units/{id}/cases', { path: { id: 1 }, query: { state: 'lost' } })
    expect([unknown, wrongMethod, wrongBody, wrongFilter, wrongValue].every((f) => typeof f === 'function')).toBe(true)
  })
})
