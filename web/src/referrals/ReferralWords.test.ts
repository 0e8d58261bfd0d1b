// The referral's words as the case team and the hospital read them, in both languages.
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import { en } from '../shared/locales/en'
import { zhCN } from '../shared/locales/zh-CN'
import type { Referral } from '../cases/cases'
import ReferralWords from './ReferralWords.vue'

const referral: Referral = {
  id: 1, case_id: 2, student_id: 3, hospital: { id: 4, name: '明湖区精神卫生中心' }, state: 'return_assessed',
  created_at: '2026-09-21T08:00:00Z', answered_at: null, outcome_at: null, return_verdict: 'ready_with_support',
  assessed_at: null, return_day: null, planned_at: null, withdrawn_at: null, version: 3, details_shown: true,
  reason: '持续失眠两周', decline_reason: '',
  outcome: { attended: true, admitted: false, diagnosis: 'depressive', recommendations: '每两周复诊' },
  return_assessment: '减轻课业', return_plan: '',
}

function render(locale: 'zh-CN' | 'en', r: Referral = referral) {
  const i18n = createI18n({ legacy: false, locale, messages: { 'zh-CN': zhCN, en } })
  return mount(ReferralWords, { props: { r }, global: { plugins: [i18n] } })
}

describe('ReferralWords', () => {
  it('shows the reason, the hospital\'s outcome and the verdict in Chinese', () => {
    const w = render('zh-CN')
    expect(w.get('[data-testid="referral-reason"]').text()).toBe('持续失眠两周')
    const outcome = w.get('[data-testid="referral-outcome"]').text()
    expect(outcome).toContain('已就诊')
    expect(outcome).toContain('抑郁障碍')
    expect(outcome).toContain('每两周复诊')
    expect(outcome).not.toContain('住院')
    expect(w.get('[data-testid="referral-verdict"]').text()).toContain('可以复学，需要支持')
    expect(w.find('[data-testid="referral-plan"]').exists()).toBe(false)
    expect(w.text()).not.toContain('未能接收的原因')
  })

  it('reads the same referral in English', () => {
    const w = render('en')
    expect(w.get('[data-testid="referral-verdict"]').text()).toContain(en.referrals.verdicts.ready_with_support)
    expect(w.get('[data-testid="referral-outcome"]').text()).toContain(en.referrals.diagnoses.depressive)
  })

  it('shows a decline reason and no outcome for a referral the hospital could not take', () => {
    const w = render('zh-CN', { ...referral, state: 'declined', decline_reason: '床位已满', outcome: null, return_verdict: null })
    expect(w.text()).toContain('床位已满')
    expect(w.find('[data-testid="referral-outcome"]').exists()).toBe(false)
    expect(w.find('[data-testid="referral-verdict"]').exists()).toBe(false)
  })
})
