// The formats the error texts use on their params (`{{stage, stage}}`, `{{amount, yen}}`), beside i18next's
// own `number`: a code's params are plain values (shared/error-codes.ts), each language words them here.
import type { i18n as I18n } from 'i18next';
import { STAGE_LABELS, type CostStage, type Locale } from '../../../shared/categories.ts';
import { formatYen } from '../../../shared/money.ts';
import { formatDate, formatTimestamp } from '../lib/format.ts';

const localeOf = (lng: string | undefined): Locale => (lng === 'en' ? 'en' : 'ja');

export function addFormats(i18n: I18n): void {
  const formatter = i18n.services.formatter;
  if (!formatter) return;
  formatter.add('yen', (value: number) => formatYen(value));
  formatter.add('date', (value: string, lng) => formatDate(value, localeOf(lng)));
  formatter.add('timestamp', (value: string, lng) => formatTimestamp(value, localeOf(lng)));
  formatter.add('stage', (value: string, lng) => STAGE_LABELS[value as CostStage]?.[localeOf(lng)] ?? value);
  // A role's name as the members page says it (ja.ts roles).
  formatter.add('role', (value: string, lng) => i18n.getFixedT(localeOf(lng))(`roles.${value}`, { defaultValue: value }));
}
