import type { RouteRecordRaw } from 'vue-router'

// Accounts, the audit trail and webhooks. Pages inside the workbench layout.
export const routes: RouteRecordRaw[] = [
  { path: 'users', component: () => import('./Users.vue') },
  { path: 'audit', component: () => import('./AuditTrail.vue') },
  { path: 'webhooks', component: () => import('./Webhooks.vue') },
]
