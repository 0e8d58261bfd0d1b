import { defineStore } from 'pinia'
import type { Grant } from './api/client'

// Which of the user's grants the workbench is working in. A user with several grants (a
// psychology teacher who is also a class teacher) switches between them; the choice survives a
// reload of the tab.
export const useScope = defineStore('scope', {
  state: () => ({ index: Number(sessionStorage.getItem('xq-scope') ?? '0') || 0 }),
  actions: {
    choose(index: number): void {
      this.index = index
      sessionStorage.setItem('xq-scope', String(index))
    },
  },
})

export function currentGrant(grants: Grant[], index: number): Grant | null {
  if (grants.length === 0) return null
  return grants[index] ?? grants[0]
}

// What each role finds in the menu. The server decides what is allowed; the menu only leaves
// out what a role could never use.
export type Page = 'home' | 'alerts' | 'cases' | 'followUps' | 'referrals' | 'team' | 'ledger' | 'observe' | 'webhooks' | 'org' | 'students' | 'campaigns' | 'import' | 'users' | 'audit' | 'codeSheet'

const pagesByRole: Record<string, Page[]> = {
  admin: ['home', 'org', 'users', 'import', 'webhooks'],
  auditor: ['home', 'audit'],
  bureau_staff: ['home', 'alerts', 'cases', 'followUps', 'team', 'ledger', 'org', 'students', 'campaigns', 'observe', 'webhooks'],
  school_leader: ['home', 'alerts', 'cases', 'followUps', 'team', 'ledger', 'org', 'students', 'campaigns', 'import', 'observe'],
  psychology_teacher: ['home', 'alerts', 'cases', 'followUps', 'team', 'ledger', 'org', 'students', 'campaigns', 'import', 'observe'],
  grade_lead: ['home', 'alerts', 'cases', 'followUps', 'ledger', 'org', 'students', 'campaigns', 'observe'],
  class_teacher: ['home', 'alerts', 'cases', 'followUps', 'ledger', 'org', 'students', 'campaigns', 'codeSheet', 'observe'],
  // A peer observer (心理委员) and a hotline operator only report; they read nothing back.
  peer_observer: ['home', 'observe'],
  hotline_operator: ['home', 'observe'],
  // A partner hospital sees only the students referred to it.
  hospital_partner: ['home', 'referrals'],
}

export function pagesFor(role: string | undefined): Page[] {
  return (role && pagesByRole[role]) || ['home']
}

// Where a page of the menu lives, for a grant on unit `unitId`.
export function pagePath(page: Page, unitId: number): string {
  switch (page) {
    case 'home': return '/'
    case 'org': return `/org/${unitId}`
    case 'students': return `/units/${unitId}/students`
    case 'codeSheet': return `/classes/${unitId}/code-sheet`
    case 'followUps': return '/follow-ups'
    case 'team': return '/crisis-team'
    default: return `/${page}`
  }
}

// Roles that may run screening campaigns (create, close, extend, reopen).
export const runsCampaigns = new Set(['bureau_staff', 'school_leader', 'psychology_teacher'])

// Roles that may issue a class's sign-in codes (print the code sheet).
export const issuesCodes = new Set(['school_leader', 'psychology_teacher', 'grade_lead', 'class_teacher'])
