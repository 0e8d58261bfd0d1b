import { describe, expect, it } from 'vitest'
import { reasonText } from './importReasons'

describe('reasonText', () => {
  it('words a known reason in Chinese, keeping the line it names', () => {
    expect(reasonText('repeats the student number of line 12', 'zh-CN')).toBe('与第 12 行的学籍号重复')
    expect(reasonText('the header row lacks the columns 姓名, 学籍号', 'zh-CN')).toBe('表头缺少这些列：姓名, 学籍号')
  })
  it('shows an unknown reason as the server sent it', () => {
    expect(reasonText('something new went wrong', 'zh-CN')).toBe('something new went wrong')
  })
  it('leaves English as it is', () => {
    expect(reasonText('repeats the student number of line 12', 'en')).toBe('repeats the student number of line 12')
  })
})
