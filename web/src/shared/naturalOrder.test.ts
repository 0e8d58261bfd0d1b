import { describe, expect, it } from 'vitest'
import { byName } from './naturalOrder'

const sorted = (names: string[]) => names.map((name) => ({ name })).sort(byName).map((u) => u.name)

describe('byName', () => {
  it('counts Chinese numerals by value', () => {
    expect(sorted(['十年级', '二年级', '一年级', '十二年级', '九年级'])).toEqual(['一年级', '二年级', '九年级', '十年级', '十二年级'])
  })
  it('counts digit runs by value', () => {
    expect(sorted(['10班', '2班', '1班', '21班'])).toEqual(['1班', '2班', '10班', '21班'])
  })
  it('orders grades before their classes and keeps other text by code point', () => {
    expect(sorted(['七年级2班', '七年级10班', '八年级1班'])).toEqual(['七年级2班', '七年级10班', '八年级1班'])
    expect(sorted(['乙校', '甲校'])).toEqual(['乙校', '甲校'].sort())
  })
})
