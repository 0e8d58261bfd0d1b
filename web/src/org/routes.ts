import type { RouteRecordRaw } from 'vue-router'

// The org tree (学校—年级—班级) as staff browse it. Pages inside the workbench layout.
export const routes: RouteRecordRaw[] = [
  { path: 'org/:id', component: () => import('./OrgBrowser.vue') },
]
