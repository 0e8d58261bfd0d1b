import { useI18n } from 'vue-i18n'

// Words the server sends for one of its codes or reasons, in both languages.
export interface Words { zh: string; en: string }

// The server's words in the page's language; undefined when it sent none.
export function useWords(): (w: Words | null | undefined) => string | undefined {
  const { locale } = useI18n()
  return (w) => (w ? (locale.value === 'en' ? w.en : w.zh) : undefined)
}
