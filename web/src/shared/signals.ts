// Reports about a student (signals) as the pages send and show them.

// What a person may have noticed, in the order the forms show it.
export const concerns = ['mood', 'withdrawal', 'self_harm_talk', 'bullying', 'family_change', 'sleep_appetite', 'other'] as const
export type Concern = (typeof concerns)[number]

export interface Candidate { id: number; name: string; class_name: string; school_name: string }

export interface NewSignal { student_id: number; concerns: Concern[]; danger_now: boolean; note?: string }

// As an alert's page lists them.
export interface AlertSignal {
  at: string; source: string; concerns: Concern[]; danger_now: boolean; level: string
  filed_role: string; filer_name: string; has_note: boolean
  note: string | null  // the reporter's words, for those who read notes
}

