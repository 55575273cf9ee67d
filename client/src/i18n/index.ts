// i18next set-up: Japanese by default, English on a switch; the choice is remembered.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../../../shared/categories.ts';
import { en } from './en.ts';
import { addFormats } from './formats.ts';
import { ja } from './ja.ts';

const STORAGE_KEY = 'bct.locale';
const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;

void i18n.use(initReactI18next).init({
  resources: { ja: { translation: ja }, en: { translation: en } },
  lng: saved === 'en' ? 'en' : 'ja',
  fallbackLng: 'ja',
  interpolation: { escapeValue: false },
});
addFormats(i18n);

if (typeof document !== 'undefined') document.documentElement.lang = i18n.language;

i18n.on('languageChanged', (lng) => {
  // Outside a browser (the unit tests) there is nothing to remember it in.
  if (typeof localStorage !== 'undefined') localStorage.setItem(STORAGE_KEY, lng);
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
});

export function currentLocale(): Locale {
  return i18n.language === 'en' ? 'en' : 'ja';
}

export default i18n;
