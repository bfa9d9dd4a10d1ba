import 'element-plus/dist/index.css';
import './styles.css';
import { createApp } from 'vue';
import { useElementPlus } from './element-plus';
import App from './App.vue';
import { i18n } from './i18n';
import { router } from './router';

const app = createApp(App).use(i18n).use(router);
useElementPlus(app);
app.mount('#app');
