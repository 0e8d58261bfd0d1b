// The JSON API as the pages use it: same origin, the session cookie, the CSRF token on writes,
// and errors turned into a message key the user can act on (never a raw code).

export interface Grant { role: string; org_unit_id: number }
export interface Session {
  account: { id: number; login: string; display_name: string }
  grants: Grant[]
  csrf_token?: string
}

export class ApiError extends Error {
  constructor(public status: number, public messageKey: string, public field?: string) {
    super(messageKey)
  }
}

let csrfToken = ''

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token ?? ''
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {}
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken
  let response: Response
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    })
  } catch {
    throw new ApiError(0, 'errors.network')
  }
  if (response.status === 204) return undefined as T
  const data = await response.json().catch(() => ({}))
  if (!response.ok) {
    const field = typeof data.field === 'string' ? data.field : undefined
    if (response.status === 429) throw new ApiError(429, 'errors.locked', field)
    if (response.status === 401) throw new ApiError(401, field === '/totp' ? 'signIn.totpHint' : 'errors.wrongCredentials', field)
    throw new ApiError(response.status, 'errors.generic', field)
  }
  return data as T
}
