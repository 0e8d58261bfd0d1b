import type { RouteRecordRaw } from 'vue-router'

// Screening campaigns (心理测评), their progress and each student's result. Pages inside the workbench layout.
export const routes: RouteRecordRaw[] = [
  { path: 'campaigns', component: () => import('./Campaigns.vue') },
  { path: 'campaigns/:id', component: () => import('./CampaignView.vue') },
  { path: 'assignments/:id/result', component: () => import('./AssignmentResult.vue') },
]
