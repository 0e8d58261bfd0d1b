// The JSON API as the pages use it: same origin, the session cookie, the CSRF token on writes,
// and errors turned into a message key the user can act on (never a raw code).

export interface Grant { role: string; org_unit_id: number }
export interface Session {
  account: { id: number; login: string; display_name: string }
  grants: Grant[]
  csrf_token?: string
}

export class ApiError extends Error {
  // `detail` is the server's own (English) explanation, for the few pages that translate it.
  constructor(public status: number, public messageKey: string, public field?: string, public detail?: string) {
    super(messageKey)
  }
}

let csrfToken = ''
let onExpired: (() => void) | null = null

// The message key to show for a failed call: `notFound` for a 404 when the page has a more
// helpful wording than the generic one, else the key the error carries.
export function messageOf(e: unknown, notFound?: string): string {
  if (!(e instanceof ApiError)) return 'errors.generic'
  return e.status === 404 && notFound ? notFound : e.messageKey
}

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token ?? ''
}

// Called when a request made inside a session answers 401: the session has ended (expired,
// signed out elsewhere). The entry sends the user to sign in and back.
export function onSessionExpired(handler: () => void): void {
  onExpired = handler
}

// A query string from the parameters that have a value.
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v))
  }
  const s = q.toString()
  return s ? `?${s}` : ''
}

function messageFor(status: number, field: string | undefined): string {
  if (status === 429) return 'errors.locked'
  if (status === 401) return field === '/totp' ? 'signIn.totpHint' : 'errors.wrongCredentials'
  if (status === 403) return 'errors.forbidden'
  if (status === 404) return 'errors.notFound'
  if (status === 413) return 'errors.tooLarge'
  if (status === 400 || status === 415 || status === 409 || status === 422) return 'errors.invalid'
  return 'errors.generic'
}

async function send<T>(method: string, path: string, body: BodyInit | undefined, contentType: string | undefined): Promise<T> {
  const headers: Record<string, string> = {}
  if (contentType) headers['Content-Type'] = contentType
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken
  let response: Response
  try {
    response = await fetch(path, { method, headers, body, credentials: 'same-origin' })
  } catch {
    throw new ApiError(0, 'errors.network')
  }
  if (response.status === 204) return undefined as T
  const data = await response.json().catch(() => ({}))
  if (!response.ok) {
    const field = typeof data.field === 'string' ? data.field : undefined
    // A signed-in request refused for want of a session: the session ended under the page.
    if (response.status === 401 && csrfToken && onExpired) onExpired()
    const detail = typeof data.detail === 'string' ? data.detail : undefined
    throw new ApiError(response.status, messageFor(response.status, field), field, detail)
  }
  return data as T
}

export function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  return send<T>(method, path, body === undefined ? undefined : JSON.stringify(body),
    body === undefined ? undefined : 'application/json')
}

// Sends a file as the request body (roster uploads), typed by its name.
export function upload<T>(path: string, file: File): Promise<T> {
  const xlsx = file.name.toLowerCase().endsWith('.xlsx')
  return send<T>('POST', path, file,
    xlsx ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv')
}
