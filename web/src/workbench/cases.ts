// Crisis cases as the API sends them, and the six steps the pages show.

export const steps = ['assessment', 'pairing', 'intervention', 'peer_follow', 'home_school', 'referral'] as const
export type Step = (typeof steps)[number]

// The kinds of record each step brings, and the kinds any step may have.
export const kindsOfStep: Record<Step, string[]> = {
  assessment: ['assessment'],
  pairing: ['pairing'],
  intervention: ['plan', 'session'],
  peer_follow: ['peer_follow'],
  home_school: ['home_contact'],
  referral: ['referral'],
}
export const anyStepKinds = ['conference', 'note', 'closing_assessment']
export const subtypesOf: Record<string, string[]> = {
  home_contact: ['call', 'visit', 'meeting', 'guidance'],
  referral: ['hospital', 'outside', 'not_needed'],
}

// Roles that open, move and close cases (the crisis teams).
export const runsCases = new Set(['psychology_teacher', 'school_leader', 'bureau_staff'])

export interface CaseStudent { id: number; name: string; class_name: string; school_name: string }
export interface CaseRecord {
  id: number; step: Step; kind: string; subtype: string; body: string | null
  author_name: string; author_role: string; at: string
}
export interface CaseEvent { at: string; kind: string; actor_name: string; step: Step; detail: string }
export interface Case {
  id: number; student_id: number; alert_id: number | null; state: 'open' | 'closed'; step: Step
  opened_at: string; closed_at: string | null; version: number; student: CaseStudent
}
export interface CaseDetail extends Case {
  missing: string[]; bodies_shown: boolean; records: CaseRecord[]; events: CaseEvent[]
}
