import './styles.css';
import { createApp } from 'vue';
import App from './App.vue';
import { i18n, restoreLocale } from './i18n';
import { router } from './router';

void restoreLocale().finally(() => createApp(App).use(i18n).use(router).mount('#app'));
