// Display helpers: yen as ¥1,234,567 in every language, dates in the reader's locale.
import { useTranslation } from 'react-i18next';
import { CATEGORY_LABELS, type CostCategory, type Locale } from '../../../shared/categories.ts';
import { formatScreenDate } from '../../../shared/dates.ts';

export { formatYen } from '../../../shared/money.ts';

/** A calendar date `YYYY-MM-DD` as every screen writes it (2026/06/01, 1 Jun 2026): shared/dates.ts. */
export function formatDate(date: string, locale: Locale): string {
  return formatScreenDate(date, locale);
}

const JAPAN_TIME = 9 * 60 * 60 * 1000;

/** A recorded moment (UTC ISO) in Japan time, its day written as `formatDate` writes it: 2026/06/01 09:05. */
export function formatTimestamp(iso: string, locale: Locale): string {
  const japan = new Date(new Date(iso).getTime() + JAPAN_TIME).toISOString();
  return `${formatDate(japan.slice(0, 10), locale)} ${japan.slice(11, 16)}`;
}

export function useLocale(): Locale {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? 'en' : 'ja';
}

export function useCategoryLabel() {
  const locale = useLocale();
  return (category: CostCategory) => CATEGORY_LABELS[category][locale];
}
