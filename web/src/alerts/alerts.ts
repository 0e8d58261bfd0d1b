// Alerts (预警) as the API sends them, and what the pages share about them.

import type { AlertSignal } from '../shared/signals'

export interface AlertOwner { role: string; org_unit_id: number }
export interface AlertReason { level: string; zh: string; en: string }
export interface AlertStudent { id: number; name: string; class_name: string; school_name: string }

export interface Alert {
  id: number
  student_id: number
  level: string
  source: string
  reported: boolean
  state: 'open' | 'acknowledged' | 'closed'
  reasons: AlertReason[]
  owners: AlertOwner[]
  tier: string
  escalations: number
  version: number
  created_at: string
  due_at: string
  escalates_at: string | null
  acknowledged_at: string | null
  assignee_id: number | null
  closed_at: string | null
  outcome: string | null
  student?: AlertStudent
  unread?: boolean
}

export interface AlertEvent { at: string; kind: string; actor_id: number | null; actor_name: string; tier: string; detail: string }
// What the plan asks of the class teacher, with when and by whom it was last recorded done.
export interface CareTask { task: 'talk' | 'home_contact' | 'watch'; done_at: string | null; done_by: string | null }
export interface AlertDetail extends Alert {
  student: AlertStudent; assignee_name: string | null; events: AlertEvent[]; signals: AlertSignal[]
  care_tasks: CareTask[]; may_handle: boolean; may_record_tasks: boolean
  case: { id: number; state: 'open' | 'closed'; step: string } | null
}

export interface Inbox {
  items: Alert[]
  total: number
  unread: number
  by_level: { I: number; II: number; III: number }
  overdue: number
  reported: number
}

// Sent on window when an alert was read or changed, so the menu's unread count follows.
export const alertsChanged = 'xq-alerts-changed'

// Roles the warning network routes alerts to: they see the alerts menu.
export const ownsAlerts = new Set(['class_teacher', 'grade_lead', 'psychology_teacher', 'school_leader', 'bureau_staff'])

export function isOverdue(a: Alert, now = Date.now()): boolean {
  return a.state === 'open' && new Date(a.due_at).getTime() < now
}

// The roles that own an alert, each once: two bureau owners (county and city) read 教育局, not 教育局、教育局.
export function ownerRoles(owners: AlertOwner[]): string[] {
  return [...new Set(owners.map((o) => o.role))]
}
