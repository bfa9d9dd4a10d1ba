import { createI18n } from 'vue-i18n';
import en from './locales/en';
import zhCN from './locales/zh-CN';

export type Locale = 'zh-CN' | 'en';
const STORED = 'jingbao.locale';

export const i18n = createI18n({
  legacy: false,
  locale: (localStorage.getItem(STORED) as Locale | null) ?? 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
});

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  localStorage.setItem(STORED, locale);
  document.documentElement.lang = locale;
}

export const t = i18n.global.t;
