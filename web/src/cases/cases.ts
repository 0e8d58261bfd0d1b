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
// (A conference is recorded with its participants, findings and decisions, not as a record.)
export const anyStepKinds = ['note', 'closing_assessment']
export const subtypesOf: Record<string, string[]> = {
  home_contact: ['call', 'visit', 'meeting', 'guidance'],
  // A referral to a partner hospital is made in the referral panel, which the hospital answers.
  referral: ['outside', 'not_needed'],
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
  referrals: Referral[]; follow_ups: FollowUp[]; conferences: Conference[]
  suggested_follow_up_plan: 'after_attempt' | 'after_hospital' | 'level_i' | 'level_ii' | 'single'
}

// A case conference (会诊); participants, findings and decisions only for those who read records.
export interface Conference {
  id: number; held_on: string; author_name: string; at: string
  participants?: string[]; findings?: string; decisions?: string
}

// A count as a bureau may see it: a number, or "<5".
export type Count = number | '<5'

// Referral to a partner hospital (医教协作绿色通道); the words only when details_shown.
export type ReferralState = 'sent' | 'accepted' | 'declined' | 'seen' | 'return_assessed' | 'returned' | 'withdrawn'
export interface Referral {
  id: number; case_id: number; student_id: number; hospital: { id: number; name: string }; state: ReferralState
  created_at: string; answered_at: string | null; outcome_at: string | null
  return_verdict: 'ready' | 'ready_with_support' | 'not_yet' | null; assessed_at: string | null
  return_day: string | null; planned_at: string | null; withdrawn_at: string | null; version: number; details_shown: boolean
  reason?: string; decline_reason?: string; withdraw_reason?: string
  outcome?: { attended: boolean; admitted: boolean; diagnosis: string; recommendations: string } | null
  return_assessment?: string; return_plan?: string
  student?: CaseStudent; by_hospital?: boolean
}
export const underWay = (r: Referral) => r.state !== 'declined' && r.state !== 'returned' && r.state !== 'withdrawn'
export const diagnoses = ['none', 'depressive', 'anxiety', 'bipolar', 'psychotic', 'stress_related', 'eating', 'neurodevelopmental', 'other']

// Follow-up visits (随访).
export const followUpPlans = ['after_attempt', 'after_hospital', 'level_i', 'level_ii', 'single']
export const followUpResults = ['stable', 'improved', 'worse', 'not_reached']
export interface FollowUp {
  id: number; case_id: number; student_id: number; plan: string; due: string; state: 'open' | 'done' | 'cancelled'
  result: string | null; note: string | null; done_at: string | null; done_by_name: string
  overdue?: boolean; student?: { id: number; name: string; class_name: string }
}

// Roles that write records about a student: how a visit went, the support given.
export const writesRecords = new Set(['psychology_teacher', 'class_teacher'])
