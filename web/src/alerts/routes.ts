import type { RouteRecordRaw } from 'vue-router'

// The warning network (预警): the inbox, one alert, and reporting what one saw. Pages inside the workbench layout.
export const routes: RouteRecordRaw[] = [
  { path: 'alerts', component: () => import('./Alerts.vue') },
  { path: 'alerts/:id', component: () => import('./AlertView.vue') },
  { path: 'observe', component: () => import('./Observe.vue') },
]
