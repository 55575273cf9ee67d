// The ledger's footer of totals per tax rate, as a 請求書 states them (10%対象 税込 / 消費税, 8%対象, 非課税,
// 不課税, 対象外): the lines that count towards the claim, the whole incident whatever the filters above.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { RouterOutputs } from '../lib/api-types.ts';
import { formatYen, sumYen } from '../../../shared/money.ts';
import { trpc } from '../trpc.ts';

type TaxTotal = RouterOutputs['cost']['taxTotals']['claimed'][number];

export function LedgerTaxTotals({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation();
  const totals = useQuery(trpc.cost.taxTotals.queryOptions({ incidentId }));
  const rows = totals.data?.claimed;
  if (!rows || rows.length === 0) return null;
  const withheld = rows.some((r) => r.withheld > 0);
  const total = (pick: (r: TaxTotal) => number) => formatYen(sumYen(rows.map(pick)));
  const cell = 'py-1 pl-3 num whitespace-nowrap';
  return (
    <section className="rounded border border-slate-200 bg-white p-3" aria-labelledby="ledger-tax-totals-heading" data-testid="ledger-tax-totals">
      <h2 id="ledger-tax-totals-heading" className="mb-1 text-sm font-semibold">
        {t('ledger.taxTotals')}
      </h2>
      <table className="stack-table w-full text-sm md:w-auto">
        <thead className="text-left text-xs text-slate-600">
          <tr>
            <th className="py-1">{t('cost.tax.category')}</th>
            <th className="py-1 pl-3 num">{t('cost.tax.gross')}</th>
            <th className="py-1 pl-3 num">{t('cost.tax.amount')}</th>
            <th className="py-1 pl-3 num">{t('cost.tax.net')}</th>
            {withheld && <th className="py-1 pl-3 num">{t('cost.tax.withheld')}</th>}
            {withheld && <th className="py-1 pl-3 num">{t('cost.tax.netPaid')}</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.taxCategory} className="border-t border-slate-100" data-testid={`tax-total-${r.taxCategory}`}>
              <td className="py-1 font-medium md:font-normal">{t(`ledger.taxRates.${r.taxCategory}`)}</td>
              <td className={cell} data-label={t('cost.tax.gross')} data-testid="tax-total-gross">
                {formatYen(r.gross)}
              </td>
              <td className={cell} data-label={t('cost.tax.amount')} data-testid="tax-total-tax">
                {formatYen(r.tax)}
              </td>
              <td className={cell} data-label={t('cost.tax.net')} data-testid="tax-total-net">
                {formatYen(r.net)}
              </td>
              {withheld && (
                <td className={cell} data-label={t('cost.tax.withheld')}>
                  {formatYen(r.withheld)}
                </td>
              )}
              {withheld && (
                <td className={cell} data-label={t('cost.tax.netPaid')}>
                  {formatYen(r.gross - r.withheld)}
                </td>
              )}
            </tr>
          ))}
          <tr className="border-t border-slate-300 font-semibold" data-testid="tax-total-all">
            <td className="py-1">{t('ledger.total')}</td>
            <td className={cell} data-label={t('cost.tax.gross')} data-testid="tax-total-gross">
              {total((r) => r.gross)}
            </td>
            <td className={cell} data-label={t('cost.tax.amount')} data-testid="tax-total-tax">
              {total((r) => r.tax)}
            </td>
            <td className={cell} data-label={t('cost.tax.net')} data-testid="tax-total-net">
              {total((r) => r.net)}
            </td>
            {withheld && (
              <td className={cell} data-label={t('cost.tax.withheld')}>
                {total((r) => r.withheld)}
              </td>
            )}
            {withheld && (
              <td className={cell} data-label={t('cost.tax.netPaid')}>
                {total((r) => r.gross - r.withheld)}
              </td>
            )}
          </tr>
        </tbody>
      </table>
    </section>
  );
}
