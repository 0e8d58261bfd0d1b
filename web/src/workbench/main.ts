import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { createRouter, createWebHistory } from 'vue-router'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import '../shared/theme.css'
import { i18n } from '../shared/i18n'
import App from './App.vue'
import Home from './Home.vue'
import SignIn from './SignIn.vue'
import CodeSheet from './CodeSheet.vue'
import { useSession } from '../shared/session'

const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', component: Home, meta: { signedIn: true } },
    { path: '/sign-in', component: SignIn },
    { path: '/classes/:id/code-sheet', component: CodeSheet, meta: { signedIn: true } },
  ],
})

const pinia = createPinia()

// Pages that need a session send the user to sign in, and back to the page afterwards.
router.beforeEach(async (to) => {
  const session = useSession(pinia)
  if (!session.checked) await session.restore()
  if (to.meta.signedIn && !session.current) return { path: '/sign-in', query: { next: to.fullPath } }
  return true
})

createApp(App).use(pinia).use(router).use(i18n).use(ElementPlus).mount('#app')
