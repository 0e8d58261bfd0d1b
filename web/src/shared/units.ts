import { call } from './api/typed'

export interface Counts { schools: number; classes: number; students: number }
export interface OrgUnit {
  id: number
  parent_id: number | null
  kind: string
  name: string
  code: string
  stage: string | null
  path: string
  depth: number
  counts?: Counts
  trail?: string[]
}
export interface UnitSummary extends OrgUnit {
  counts: Counts
  children: (OrgUnit & { counts: Counts })[]
}

// Units already read in this tab: names of grants' units and breadcrumbs come from here.
const known = new Map<number, Promise<OrgUnit>>()

export function unit(id: number): Promise<OrgUnit> {
  let u = known.get(id)
  if (!u) {
    u = call('get', '/api/v1/org-units/{id}', { path: { id } })
    u.catch(() => known.delete(id))
    known.set(id, u)
  }
  return u
}

// Units the user may see whose name contains `text`, each with the names above it.
export async function searchUnits(text: string): Promise<OrgUnit[]> {
  const q = text.trim()
  if (!q) return []
  return (await call('get', '/api/v1/org-units/search', { query: { q } })).items
}

export async function ancestors(id: number): Promise<OrgUnit[]> {
  const r = await call('get', '/api/v1/org-units/{id}/ancestors', { path: { id } })
  return r.items
}

export function forgetUnits(): void {
  known.clear()
}
