import { createI18n } from 'vue-i18n'
import { en } from './locales/en'
import { zhCN } from './locales/zh-CN'

const stored = typeof localStorage !== 'undefined' ? localStorage.getItem('xq-lang') : null

export const i18n = createI18n({
  legacy: false,
  locale: stored === 'en' ? 'en' : 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
})

export function toggleLanguage(): void {
  const next = i18n.global.locale.value === 'en' ? 'zh-CN' : 'en'
  i18n.global.locale.value = next
  localStorage.setItem('xq-lang', next)
  document.documentElement.lang = next
}
