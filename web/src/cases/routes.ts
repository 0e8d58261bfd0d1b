import type { RouteRecordRaw } from 'vue-router'

// Crisis cases by the six-step method, follow-up visits and the crisis team. Pages inside the workbench layout.
export const routes: RouteRecordRaw[] = [
  { path: 'cases', component: () => import('./Cases.vue') },
  { path: 'cases/:id', component: () => import('./CaseView.vue') },
  { path: 'follow-ups', component: () => import('./FollowUps.vue') },
  { path: 'crisis-team', component: () => import('./CrisisTeam.vue') },
]
