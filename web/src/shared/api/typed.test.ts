import { afterEach, describe, expect, it, vi } from 'vitest'
import { address, call } from './typed'

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
    const answer = await call('post', '/api/v1/alerts/{id}/acknowledge', { path: { id: 5 }, body: { version: 2 }, query: { x: 1, y: '' } })
    expect(answer).toEqual({ id: 5 })
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('/api/v1/alerts/5/acknowledge?x=1')
    expect(init.method).toBe('POST')
    expect(init.body).toBe('{"version":2}')
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
    expect([unknown, wrongMethod, wrongBody].every((f) => typeof f === 'function')).toBe(true)
  })
})
