import type { RouteRecordRaw } from 'vue-router'

// Students: rosters, a student's profile and archive, roster import, the special-situation ledger. Pages inside the workbench layout.
export const routes: RouteRecordRaw[] = [
  { path: 'units/:id/students', component: () => import('./StudentList.vue') },
  { path: 'students/:id', component: () => import('./StudentProfile.vue') },
  { path: 'import', component: () => import('./RosterImport.vue') },
  { path: 'ledger', component: () => import('./Ledger.vue') },
]
