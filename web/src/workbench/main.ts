import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { createRouter, createWebHistory } from 'vue-router'
import {
  ElAlert, ElButton, ElCalendar, ElCard, ElCheckbox, ElConfigProvider, ElDatePicker, ElDialog, ElForm, ElFormItem, ElInput,
  ElLoading, ElOption, ElPagination, ElRadio, ElRadioGroup, ElSelect, ElSkeleton, ElTable, ElTableColumn, ElTag, ElTree,
} from 'element-plus'
import 'element-plus/dist/index.css'
import '../shared/theme.css'
import { onSessionExpired } from '../shared/api/client'
import { i18n } from '../shared/i18n'
import { useSession } from '../shared/session'
import App from './App.vue'
import Layout from './Layout.vue'
import Home from './Home.vue'
import SignIn from './SignIn.vue'
import Activate from './Activate.vue'
import CodeSheet from '../people/CodeSheet.vue'
import { routes as admin } from '../admin/routes'
import { routes as alerts } from '../alerts/routes'
import { routes as cases } from '../cases/routes'
import { routes as org } from '../org/routes'
import { routes as people } from '../people/routes'
import { routes as referrals } from '../referrals/routes'
import { routes as screening } from '../screening/routes'

// Each feature (web/src/<area>/) lists its own pages; a new area adds its routes here.
const features = [...org, ...people, ...screening, ...alerts, ...cases, ...referrals, ...admin]

const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/sign-in', component: SignIn },
    { path: '/activate', component: Activate },
    { path: '/classes/:id/code-sheet', component: CodeSheet, meta: { signedIn: true } },
    {
      path: '/',
      component: Layout,
      meta: { signedIn: true },
      children: [
        { path: '', component: Home },
        ...features,
        { path: ':rest(.*)*', component: () => import('./NotFound.vue') },
      ],
    },
  ],
})

const pinia = createPinia()

// Pages that need a session send the user to sign in, and back to the page afterwards.
router.beforeEach(async (to) => {
  const session = useSession(pinia)
  if (!session.checked) await session.restore()
  if (to.matched.some((r) => r.meta.signedIn) && !session.current) return { path: '/sign-in', query: { next: to.fullPath } }
  return true
})

// A session that ends while a page is open (expired, signed out elsewhere): sign in again and
// come back to the same page.
onSessionExpired(() => {
  const session = useSession(pinia)
  session.expire()
  const here = router.currentRoute.value
  if (here.path !== '/sign-in') router.replace({ path: '/sign-in', query: { next: here.fullPath, expired: '1' } })
})

// Only the Element Plus components the pages use, so the rest is left out of the bundle.
const app = createApp(App).use(pinia).use(router).use(i18n)
for (const component of [ElAlert, ElButton, ElCalendar, ElCard, ElCheckbox, ElConfigProvider, ElDatePicker, ElDialog, ElForm,
  ElFormItem, ElInput, ElOption, ElPagination, ElRadio, ElRadioGroup, ElSelect, ElSkeleton, ElTable, ElTableColumn,
  ElTag, ElTree, ElLoading]) {
  app.use(component)
}
app.mount('#app')
