// The API as the server's OpenAPI document describes it (src/http/openapi.json, turned into
// types by openapi-typescript in every build). A page names the route as the document does —
// call('get', '/api/v1/alerts/{id}', { path: { id } }) — and gets the answer's type from there,
// so a route that changes or goes away breaks the build, not the page.
import type { paths } from './schema'
import { api, query as queryString, upload } from './client'

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete'

// The routes that answer `M`.
export type Route<M extends Method> = { [P in keyof paths]: paths[P][M] extends undefined ? never : P }[keyof paths]
type Operation<M extends Method, P extends Route<M>> = NonNullable<paths[P][M]>

type Json<R> = R extends { content: { 'application/json': infer J } } ? J : undefined
type Success<O> = O extends { responses: infer R }
  ? 200 extends keyof R ? Json<R[200]> : 201 extends keyof R ? Json<R[201]> : undefined
  : never
type PathParams<O> = O extends { parameters: { path: infer P } } ? P : never
// A list's filters as the document has them; '' and null leave a filter out, as the form fields
// that hold them are empty before a person picks.
type Blankable<Q> = { [K in keyof Q]?: Q[K] | '' | null }
type QueryParams<O> = O extends { parameters: { query?: infer Q } } ? ([Q] extends [never] ? never : Blankable<Q>) : never
type Body<O> = O extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never

// What the document says a route answers with, and what it takes.
export type Answer<M extends Method, P extends Route<M>> = Success<Operation<M, P>>
export type RequestBody<M extends Method, P extends Route<M>> = Body<Operation<M, P>>
export type Query<M extends Method, P extends Route<M>> = NonNullable<QueryParams<Operation<M, P>>>

export interface Request<O> {
  path?: PathParams<O>
  query?: QueryParams<O>
  body?: Body<O>
}

// The address of `route` with its {parameters} filled in (each one encoded).
export function address(route: string, params: Record<string, string | number> = {}): string {
  return route.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name]
    if (value === undefined) throw new Error(`the route ${route} needs {${name}}`)
    return encodeURIComponent(String(value))
  })
}

export function call<M extends Method, P extends Route<M>>(method: M, route: P, request: Request<Operation<M, P>> = {}):
  Promise<Answer<M, P>> {
  return api<Answer<M, P>>(method.toUpperCase(), urlOf(route, request), request.body)
}

// Sends a file as the body of `route` (a roster upload): the answer typed as `call`'s are.
export function send<P extends Route<'post'>>(route: P, file: File, request: Omit<Request<Operation<'post', P>>, 'body'> = {}):
  Promise<Answer<'post', P>> {
  return upload<Answer<'post', P>>(urlOf(route, request), file)
}

function urlOf(route: string, request: { path?: unknown; query?: unknown }): string {
  return address(route, (request.path ?? {}) as Record<string, string | number>) +
    queryString((request.query ?? {}) as Record<string, string | number | boolean | undefined | null>)
}
