// The catalogues agree: every key of zh-CN is in en and the other way round, no text is empty,
// and each text names the same {placeholders} in both languages, so a translation cannot drop
// the number or name a page fills in.
import { describe, expect, it } from 'vitest'
import { en } from './en'
import { zhCN } from './zh-CN'

type Tree = { [key: string]: string | Tree }

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [k, v] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${k}` : k
    if (typeof v === 'string') out.set(path, v)
    else for (const [p, s] of leaves(v, path)) out.set(p, s)
  }
  return out
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('message catalogues', () => {
  const zh = leaves(zhCN as unknown as Tree)
  const english = leaves(en as unknown as Tree)

  it('have the same keys', () => {
    expect([...english.keys()].sort()).toEqual([...zh.keys()].sort())
    expect(zh.size).toBeGreaterThan(300)
  })

  it('leave no text empty', () => {
    for (const [key, text] of [...zh, ...english]) expect(text.trim(), key).not.toBe('')
  })

  it('name the same placeholders in both languages', () => {
    for (const [key, text] of zh) expect(placeholders(english.get(key) ?? ''), key).toEqual(placeholders(text))
  })

  it('name every grade level the server counts', () => {
    for (let g = 1; g <= 16; g++) {
      expect(zh.get(`gradeLevels.g${g}`), `grade ${g}`).toBeTruthy()
      expect(english.get(`gradeLevels.g${g}`), `grade ${g}`).toBeTruthy()
    }
    expect(zh.get('gradeLevels.g7')).toBe('七年级')
    expect(zh.get('gradeLevels.g10')).toBe('高一')
    expect(english.get('gradeLevels.g13')).toBe('University year 1')
  })
})
