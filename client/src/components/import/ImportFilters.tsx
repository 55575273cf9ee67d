// Step 4 of an import: the rows that are not costs. The rules read from the file (income, deposits, credit
// lines, balance-sheet accounts, salary, rejected claims) are offered ticked; each shows how many rows it
// leaves out, and the user can untick it or add one. Totals, 0-yen rows, continuation rows and refunds too.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FILTER_OPS, FILTER_REASONS, LEFT_OUT_LABELS, type FilterOp, type FilterReason, type FilterRule } from '../../../../shared/import-filters.ts';
import { columnLetter } from '../../../../shared/import-layout.ts';
import type { ImportFiltersInput, RefundMode } from '../../../../shared/import-schemas.ts';
import { useLocale } from '../../lib/format.ts';
import { EnumSelect } from '../EnumSelect.tsx';

interface Props {
  columns: string[];
  filters: ImportFiltersInput;
  /** The rules offered for the file (suggested or remembered), shown even when unticked. */
  offered: FilterRule[];
  /** Rows each current rule leaves out, by its index in `filters.rules`. */
  ruleCounts: number[] | undefined;
  leftOut: Partial<Record<keyof typeof LEFT_OUT_LABELS, number>> | undefined;
  continuation: boolean;
  refunds: RefundMode;
  onChange: (change: { filters?: ImportFiltersInput; continuation?: boolean; refunds?: RefundMode; offered?: FilterRule[] }) => void;
}

const sameRule = (a: FilterRule, b: FilterRule) =>
  a.column === b.column && a.op === b.op && a.reason === b.reason && a.values.join('\u0000') === b.values.join('\u0000');

/** A rule's values as the user reads them: the first few, then how many more. */
const shortValues = (values: string[]) => (values.length > 4 ? `${values.slice(0, 4).join('・')}…(+${values.length - 4})` : values.join('・'));

export function ImportFilters({ columns, filters, offered, ruleCounts, leftOut, continuation, refunds, onChange }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const columnName = (column: number) => `${columnLetter(column)}: ${columns[column] || '—'}`;
  const toggle = (rule: FilterRule, on: boolean) => {
    const rules = on ? [...filters.rules, rule] : filters.rules.filter((r) => !sameRule(r, rule));
    onChange({ filters: { ...filters, rules } });
  };
  const countOf = (rule: FilterRule) => {
    const index = filters.rules.findIndex((r) => sameRule(r, rule));
    return index === -1 || !ruleCounts ? null : (ruleCounts[index] ?? null);
  };

  return (
    <section className="card" aria-labelledby="import-filters-title" data-testid="import-filters">
      <h2 id="import-filters-title" className="font-semibold">
        {t('import.filtersTitle')}
      </h2>
      <p className="text-sm text-slate-600">{t('import.filtersHint')}</p>
      <ul className="mt-2 space-y-1 text-sm">
        <li>
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={filters.totals}
              onChange={(e) => onChange({ filters: { ...filters, totals: e.target.checked } })}
              data-testid="import-filter-totals"
            />
            {t('import.filterTotals')}
            {leftOut?.total ? <span className="text-xs text-slate-500">({t('import.rowsLeftOut', { count: leftOut.total })})</span> : null}
          </label>
        </li>
        <li>
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={filters.zeroAmount}
              onChange={(e) => onChange({ filters: { ...filters, zeroAmount: e.target.checked } })}
              data-testid="import-filter-zero"
            />
            {t('import.filterZero')}
            {leftOut?.zero_amount ? <span className="text-xs text-slate-500">({t('import.rowsLeftOut', { count: leftOut.zero_amount })})</span> : null}
          </label>
        </li>
        {offered.map((rule, i) => {
          const on = filters.rules.some((r) => sameRule(r, rule));
          const count = countOf(rule);
          return (
            <li key={i} data-testid={`import-rule-${i}`}>
              <label className="flex flex-wrap items-center gap-x-2">
                <input type="checkbox" checked={on} onChange={(e) => toggle(rule, e.target.checked)} />
                <span>
                  <b>{LEFT_OUT_LABELS[rule.reason][locale]}</b>: 「{columnName(rule.column)}」{t(`import.ops.${rule.op}`, { values: shortValues(rule.values) })}
                </span>
                {count !== null && <span className="text-xs text-slate-500">({t('import.rowsLeftOut', { count })})</span>}
              </label>
            </li>
          );
        })}
        <li>
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={continuation} onChange={(e) => onChange({ continuation: e.target.checked })} data-testid="import-continuation" />
            {t('import.continuation')}
          </label>
        </li>
      </ul>
      <fieldset className="mt-2 text-sm">
        <legend className="font-medium">{t('import.refunds')}</legend>
        <div className="flex flex-wrap gap-x-6">
          {(['list', 'net'] as const).map((mode) => (
            <label key={mode} className="flex items-center gap-2">
              <input
                type="radio"
                name="import-refunds"
                checked={refunds === mode}
                onChange={() => onChange({ refunds: mode })}
                data-testid={`import-refunds-${mode}`}
              />
              {t(mode === 'list' ? 'import.refundsList' : 'import.refundsNet')}
            </label>
          ))}
        </div>
      </fieldset>
      <AddRule
        columns={columns}
        columnName={columnName}
        onAdd={(rule) => onChange({ filters: { ...filters, rules: [...filters.rules, rule] }, offered: [...offered, rule] })}
      />
    </section>
  );
}

function AddRule({ columns, columnName, onAdd }: { columns: string[]; columnName: (column: number) => string; onAdd: (rule: FilterRule) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [column, setColumn] = useState('0');
  const [op, setOp] = useState<FilterOp>('equals');
  const [values, setValues] = useState('');
  const [reason, setReason] = useState<FilterReason>('other');
  const list = values
    .split(/[,、，]/)
    .map((v) => v.trim())
    .filter(Boolean)
    .slice(0, 100);
  const needsValues = op === 'equals' || op === 'contains';
  const add = () => {
    onAdd({ column: Number(column), op, values: needsValues ? list : [], reason });
    setValues('');
  };
  return (
    <details className="mt-2 text-sm">
      <summary className="cursor-pointer text-sky-800">{t('import.addRule')}</summary>
      <div className="mt-2 flex flex-wrap items-end gap-2">
        <label className="flex flex-col text-xs">
          {t('import.ruleColumn')}
          <select className="input" value={column} onChange={(e) => setColumn(e.target.value)}>
            {columns.map((_, i) => (
              <option key={i} value={i}>
                {columnName(i)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs">
          {t('import.ruleOp')}
          <EnumSelect options={FILTER_OPS} value={op} onChange={setOp} labelOf={(o) => t(`import.ops.${o}`, { values: '…' })} />
        </label>
        {needsValues && (
          <label className="flex flex-col text-xs">
            {t('import.ruleValues')}
            <input className="input" value={values} maxLength={2000} onChange={(e) => setValues(e.target.value)} />
          </label>
        )}
        <label className="flex flex-col text-xs">
          {t('import.ruleReason')}
          <EnumSelect options={FILTER_REASONS} value={reason} onChange={setReason} labelOf={(r) => LEFT_OUT_LABELS[r][locale]} />
        </label>
        <button type="button" className="btn-secondary px-3 py-1" disabled={needsValues && list.length === 0} onClick={add}>
          {t('import.addRule')}
        </button>
      </div>
    </details>
  );
}
