// Display helpers: yen as ¥1,234,567 in every language, dates in the reader's locale.
import { useTranslation } from 'react-i18next';
import { CATEGORY_LABELS, type CostCategory, type Locale } from '../../../shared/categories.ts';

export { formatYen } from '../../../shared/money.ts';

const dateFormats: Record<Locale, Intl.DateTimeFormat> = {
  ja: new Intl.DateTimeFormat('ja-JP', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }),
};
const timestampFormats: Record<Locale, Intl.DateTimeFormat> = {
  ja: new Intl.DateTimeFormat('ja-JP', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Tokyo' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Tokyo' }),
};

/** A calendar date `YYYY-MM-DD` as the reader writes dates (2026/06/01, 1 Jun 2026). */
export function formatDate(date: string, locale: Locale): string {
  return dateFormats[locale].format(new Date(`${date}T00:00:00Z`));
}

/** A recorded moment (UTC ISO) in Japan time. */
export function formatTimestamp(iso: string, locale: Locale): string {
  return timestampFormats[locale].format(new Date(iso));
}

export function useLocale(): Locale {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? 'en' : 'ja';
}

export function useCategoryLabel() {
  const locale = useLocale();
  return (category: CostCategory) => CATEGORY_LABELS[category][locale];
}
