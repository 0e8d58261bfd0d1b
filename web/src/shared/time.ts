// "2026-11-23 14:05" (with ":07" when `seconds`) in the reader's time zone; "" for none.
export function localTime(iso: string | null | undefined, seconds = false): string {
  if (!iso) return ''
  const d = new Date(iso)
  const p = (n: number) => String(n).padStart(2, '0')
  const minutes = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`
  return seconds ? `${minutes}:${p(d.getSeconds())}` : minutes
}

// "2026-11-23": the day `d` falls on in the reader's time zone (today when none).
export function localDay(d: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}
