// Orders unit names as people count them: 一年级 before 二年级 before 十年级, 2班 before 10班.
// Chinese numerals and digit runs compare by value; everything else by code point.
const digits: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }

function chineseNumber(s: string): number {
  // Up to 九十九, which covers grades and classes.
  const ten = s.indexOf('十')
  if (ten < 0) return digits[s] ?? 0
  const tens = ten === 0 ? 1 : digits[s.slice(0, ten)] ?? 0
  const ones = ten === s.length - 1 ? 0 : digits[s.slice(ten + 1)] ?? 0
  return tens * 10 + ones
}

function key(name: string): string {
  return name
    .replace(/[零一二两三四五六七八九十]+/g, (m) => String(chineseNumber(m)).padStart(6, '0'))
    .replace(/\d+/g, (m) => m.padStart(6, '0'))
}

export function byName<T extends { name: string }>(a: T, b: T): number {
  const ka = key(a.name)
  const kb = key(b.name)
  return ka < kb ? -1 : ka > kb ? 1 : 0
}
