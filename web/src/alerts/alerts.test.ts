import { describe, expect, it } from 'vitest'
import { ownerRoles } from './alerts'

describe('ownerRoles', () => {
  it('names each role once, in the order the owners come', () => {
    expect(ownerRoles([
      { role: 'psychology_teacher', org_unit_id: 9 },
      { role: 'bureau_staff', org_unit_id: 3 },
      { role: 'bureau_staff', org_unit_id: 2 },
    ])).toEqual(['psychology_teacher', 'bureau_staff'])
  })
})
