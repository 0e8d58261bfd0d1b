import { describe, expect, it } from 'vitest'
import { classLabel } from './classLabel'

describe('classLabel', () => {
  it('names the grade before the class', () => {
    expect(classLabel('七年级', '1班')).toBe('七年级1班')
    expect(classLabel('高一', '(3)班')).toBe('高一(3)班')
  })
  it('does not name the grade twice', () => {
    expect(classLabel('七年级', '七年级1班')).toBe('七年级1班')
  })
  it('copes with a missing grade or class', () => {
    expect(classLabel(null, '1班')).toBe('1班')
    expect(classLabel('七年级', undefined)).toBe('七年级')
  })
})
