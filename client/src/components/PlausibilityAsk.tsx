// The form's own second look before saving a value that is probably a slip (shared/plausibility.ts): what
// looks wrong, in words, with 「修正する」 (focused, so a second Enter corrects rather than saves) and
// 「このまま記録」. Inside the form, not window.confirm: it reads in the app's language and on a phone.
import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { formatYen } from '../../../shared/money.ts';
import type { LineDateField, PlausibilityAsk } from '../../../shared/plausibility.ts';
import { formatDate, useLocale } from '../lib/format.ts';

/** The ask in words: 「日付 2020/01/01 は事故の発生日 2026/05/20 より前です」. */
export function useAskText() {
  const { t } = useTranslation();
  const locale = useLocale();
  const fieldLabel = (field: LineDateField) => (field === 'incurredOn' ? t('cost.incurredOn') : t(`stageDates.${field}`));
  const day = (date: string) => formatDate(date, locale);
  return (ask: PlausibilityAsk): string => {
    switch (ask.kind) {
      case 'zero_amount':
        return t('entry.asks.zero_amount');
      case 'large_amount':
        return t('entry.asks.large_amount', { amount: formatYen(ask.amount) });
      case 'far_above_others':
        return t('entry.asks.far_above_others', { amount: formatYen(ask.amount), largest: formatYen(ask.largest) });
      case 'before_incident':
        return t('entry.asks.before_incident', { field: fieldLabel(ask.field), date: day(ask.date), occurredOn: day(ask.occurredOn) });
      case 'before_line_date':
        return t('entry.asks.before_line_date', { field: fieldLabel(ask.field), date: day(ask.date), incurredOn: day(ask.incurredOn) });
      case 'after_today':
        return t('entry.asks.after_today', { field: fieldLabel(ask.field), date: day(ask.date), today: day(ask.today) });
    }
  };
}

export function PlausibilityAskPanel({ asks, onKeep, onFix }: { asks: PlausibilityAsk[]; onKeep: () => void; onFix: () => void }) {
  const { t } = useTranslation();
  const text = useAskText();
  const titleId = useId();
  const fix = useRef<HTMLButtonElement>(null);
  useEffect(() => fix.current?.focus(), []);
  return (
    <div
      role="alertdialog"
      aria-labelledby={titleId}
      className="space-y-2 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950"
      data-testid="plausibility-ask"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onFix();
        }
      }}
    >
      <p id={titleId} className="font-medium">
        {t('entry.asks.title')}
      </p>
      <ul className="list-disc space-y-0.5 pl-5">
        {asks.map((ask, i) => (
          <li key={i}>{text(ask)}</li>
        ))}
      </ul>
      <div className="flex flex-wrap gap-2">
        <button ref={fix} type="button" className="btn" onClick={onFix}>
          {t('entry.asks.fix')}
        </button>
        <button type="button" className="btn-secondary" onClick={onKeep}>
          {t('entry.asks.keep')}
        </button>
      </div>
    </div>
  );
}
