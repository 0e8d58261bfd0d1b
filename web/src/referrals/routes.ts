import type { RouteRecordRaw } from 'vue-router'

// Referrals to partner hospitals, as the hospital sees them. Pages inside the workbench layout.
export const routes: RouteRecordRaw[] = [
  { path: 'referrals', component: () => import('./Referrals.vue') },
  { path: 'referrals/:id', component: () => import('./ReferralView.vue') },
]
