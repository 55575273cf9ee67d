// The pre-flight check before an export or a submission (shared/preflight.ts): what is not done yet, each
// with a link to where it is fixed, and the box the person ticks to go ahead anyway. Nothing outstanding:
// one line saying so, and no box.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { preflightItemHref, preflightItemText, type PreflightItem } from '../../../shared/preflight.ts';
import { useLocale } from '../lib/format.ts';
import { reasonOf } from '../lib/error-text.ts';

interface Props {
  incidentId: string;
  /** Undefined while the check loads. */
  items: PreflightItem[] | undefined;
  intro: string;
  confirmLabel: string;
  confirmed: boolean;
  onConfirm: (confirmed: boolean) => void;
  /** Distinguishes the export's box from the submission's when both are on one page. */
  id: string;
}

export function PreflightList({ incidentId, items, intro, confirmLabel, confirmed, onConfirm, id }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (items === undefined) return <p className="text-sm text-slate-600">{t('preflight.loading')}</p>;
  if (items.length === 0) {
    return (
      <p className="text-sm text-emerald-800" data-testid="preflight-clear">
        ✓ {t('preflight.title')}: {t('preflight.clear')}
      </p>
    );
  }
  return (
    <section className="space-y-2 rounded border border-amber-300 bg-amber-50 p-3 text-sm" aria-labelledby={`${id}-title`} data-testid="preflight">
      <h3 id={`${id}-title`} className="font-semibold text-amber-900">
        {t('preflight.title')}
      </h3>
      <p className="text-amber-900">{intro}</p>
      <ul className="list-disc space-y-1 pl-5">
        {items.map((item) => (
          <li key={item.key} data-testid="preflight-item" data-key={item.key}>
            {preflightItemText(item, locale)}{' '}
            <Link className="whitespace-nowrap text-sky-800 underline" to={preflightItemHref(incidentId, item)}>
              {t('preflight.open')}
            </Link>
          </li>
        ))}
      </ul>
      <label className="flex items-start gap-2 font-medium">
        <input type="checkbox" className="mt-1" checked={confirmed} onChange={(e) => onConfirm(e.target.checked)} data-testid={`${id}-confirm`} />
        <span>{confirmLabel}</span>
      </label>
    </section>
  );
}

/**
 * Whether the person confirmed exactly this list: a changed list (or another version, `scope`) asks again.
 * `ready`: nothing outstanding, or the outstanding list confirmed.
 */
export function usePreflightConfirmation(keys: string[] | undefined, scope = '') {
  const [confirmedFor, setConfirmedFor] = useState<string | null>(null);
  const current = keys === undefined ? null : [scope, ...keys].join(' ');
  const confirmed = current !== null && confirmedFor === current;
  return {
    confirmed,
    setConfirmed: (yes: boolean) => setConfirmedFor(yes ? current : null),
    ready: keys !== undefined && (keys.length === 0 || confirmed),
  };
}

/** A refusal because the list changed between showing and confirming (server/claims/preflight.ts). */
export function isPreflightChanged(error: unknown): boolean {
  return reasonOf((error as { data?: unknown } | null)?.data)?.code === 'preflightChanged';
}
