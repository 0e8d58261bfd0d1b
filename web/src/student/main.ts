import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { i18n } from '../shared/i18n'
import App from './App.vue'
import './student.css'

// The light entry: Vue, vue-i18n and Pinia only, so it opens fast on a cheap phone.
createApp(App).use(createPinia()).use(i18n).mount('#app')
