import { createI18n } from 'vue-i18n';
import zhCN from './locales/zh-CN';

export type Locale = 'zh-CN' | 'en';
const STORED = 'jingbao.locale';

export const i18n = createI18n({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  // English joins on demand (setLocale); typed as present so both locales may be chosen.
  messages: { 'zh-CN': zhCN } as Record<Locale, typeof zhCN>,
});

/** English loads when first chosen: most users never switch, and every first paint is lighter for it. */
export async function setLocale(locale: Locale): Promise<void> {
  if (!i18n.global.availableLocales.includes(locale)) i18n.global.setLocaleMessage(locale, (await import('./locales/en')).default as typeof zhCN);
  i18n.global.locale.value = locale;
  localStorage.setItem(STORED, locale);
  document.documentElement.lang = locale;
}

/** The language the user chose last time, in place before the app first paints. */
export async function restoreLocale(): Promise<void> {
  if (localStorage.getItem(STORED) === 'en') await setLocale('en');
}

export const t = i18n.global.t;
