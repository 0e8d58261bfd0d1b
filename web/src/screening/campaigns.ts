import type { OrgUnit } from '../shared/units'

// Screening campaigns as the API returns them (see /api/openapi.json).
export interface Campaign {
  id: number
  name: string
  org_unit_id: number
  unit_name: string
  grades: { level: number; name: string }[]
  instruments: { id: string; version: string }[]
  opens_on: string
  closes_on: string
  anonymous: boolean
  consent_required: boolean
  phase: 'scheduled' | 'open' | 'ended' | 'closed'
  home_unit_id: number
  manageable: boolean
}

export type LevelCount = number | '<5'

export interface UnitProgress {
  unit: OrgUnit
  invited: number
  started: number
  completed: number
  consent_pending: number
  consent_refused: number
  levels?: Record<'I' | 'II' | 'III' | 'IV', LevelCount>
}

export interface Progress { unit: UnitProgress; children: UnitProgress[] }

export const levelNames = ['I', 'II', 'III', 'IV'] as const

export function rate(p: { invited: number; completed: number }): number {
  return p.invited ? Math.round((p.completed / p.invited) * 100) : 0
}
