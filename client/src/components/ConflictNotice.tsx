// Shown when a save is refused because someone else changed the line first: what they saved, beside
// what this form holds, and a way to continue from their values. Nothing is overwritten unseen.
import { useTranslation } from 'react-i18next';
import { formatYen } from '../../../shared/money.ts';
import { useCategoryLabel } from '../lib/format.ts';
import { isAppError } from '../lib/app-error.ts';
import type { CostLine } from '../lib/cost-line.ts';

/** The line as it now is, from a CONFLICT answer to cost.update (server/stale-write.ts); else null. */
export function conflictingLine(error: unknown): (CostLine & { createdByName?: string }) | null {
  if (!isAppError(error) || error.data?.code !== 'CONFLICT') return null;
  return (error.data.current as CostLine | undefined) ?? null;
}

export function ConflictNotice({ current, mine, onUseTheirs }: { current: CostLine; mine: Partial<CostLine>; onUseTheirs: () => void }) {
  const { t } = useTranslation();
  const categoryLabel = useCategoryLabel();
  const rows: [string, string, string][] = [
    [t('cost.amount'), formatYen(current.amount), mine.amount === undefined ? '' : formatYen(mine.amount)],
    [t('cost.category'), categoryLabel(current.category), mine.category ? categoryLabel(mine.category) : ''],
    [t('cost.stage'), t(`cost.stages.${current.stage}`), mine.stage ? t(`cost.stages.${mine.stage}`) : ''],
    [t('cost.incurredOn'), current.incurredOn, mine.incurredOn ?? ''],
    [t('cost.vendor'), current.vendor ?? '', mine.vendor ?? ''],
    [t('cost.description'), current.description ?? '', mine.description ?? ''],
  ];
  return (
    <div role="alert" className="space-y-2 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="conflict-notice">
      <p className="font-medium">{t('conflict.title')}</p>
      <table className="text-xs">
        <thead>
          <tr>
            <th />
            <th className="px-2 text-left">{t('conflict.theirs')}</th>
            <th className="px-2 text-left">{t('conflict.mine')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, theirs, yours]) => (
            <tr key={label} className={theirs !== yours ? 'font-semibold' : undefined}>
              <th className="pr-2 text-left font-normal">{label}</th>
              <td className="px-2 tabular-nums">{theirs}</td>
              <td className="px-2 tabular-nums">{yours}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>{t('conflict.explain')}</p>
      <button type="button" className="btn-secondary" onClick={onUseTheirs}>
        {t('conflict.useTheirs')}
      </button>
    </div>
  );
}
