// Step 5 of an import: the value → category table. Each distinct value of the category column (勘定科目,
// 品目, 経費区分, a statement's payee) is mapped once to a policy category or to "leave out", with how many
// rows and how much it carries; remembered and suggested choices are marked as such, and keywords map
// the values that contain them.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COST_CATEGORIES } from '../../../../shared/categories.ts';
import { LEAVE_OUT, suggestTarget, VALUE_TARGETS, type CategoryValueEntry, type ValueTarget } from '../../../../shared/import-category-values.ts';
import { wordKey } from '../../../../shared/import-values.ts';
import { formatYen, useCategoryLabel } from '../../lib/format.ts';
import { EnumSelect } from '../EnumSelect.tsx';

export interface ValueSummary {
  value: string;
  rows: number;
  amount: number;
  target: ValueTarget | null;
  via: 'table' | 'name' | 'fixed' | null;
}

interface Props {
  columnName: string;
  values: ValueSummary[];
  valueCount: number;
  entries: CategoryValueEntry[];
  /** Values whose entry came from the company's remembered table, and those the import suggested. */
  remembered: Set<string>;
  suggested: Set<string>;
  onChange: (entries: CategoryValueEntry[]) => void;
}

export function ImportCategoryValues({ columnName, values, valueCount, entries, remembered, suggested, onChange }: Props) {
  const { t } = useTranslation();
  const categoryLabel = useCategoryLabel();
  const labelOf = (target: ValueTarget) => (target === LEAVE_OUT ? t('import.leaveOut') : categoryLabel(target));
  const exactOf = (value: string) => entries.find((e) => e.match === 'exact' && wordKey(e.value) === wordKey(value));
  const setTarget = (value: string, target: ValueTarget | '') => {
    const rest = entries.filter((e) => !(e.match === 'exact' && wordKey(e.value) === wordKey(value)));
    onChange(target === '' ? rest : [...rest, { value, match: 'exact', target }]);
  };
  // Values still without a category that the import has a suggestion for (a new column, or new values).
  const open = values
    .filter((v) => v.target === null && !exactOf(v.value))
    .map((v) => ({ value: v.value, target: suggestTarget(v.value) }))
    .filter((v) => v.target !== null);
  const keywords = entries.filter((e) => e.match === 'contains');

  return (
    <section className="card" aria-labelledby="import-values-title" data-testid="import-values">
      <h2 id="import-values-title" className="font-semibold">
        {t('import.valuesTitle')}
      </h2>
      <p className="text-sm text-slate-600">{t('import.valuesHint', { column: columnName })}</p>
      {open.length > 0 && (
        <button
          type="button"
          className="btn-secondary mt-2 px-3 py-1 text-sm"
          data-testid="import-values-suggest"
          onClick={() => onChange([...entries, ...open.map((v) => ({ value: v.value, match: 'exact' as const, target: v.target! }))])}
        >
          {t('import.applySuggestions', { count: open.length })}
        </button>
      )}
      <div className="mt-2 overflow-x-auto">
        <table className="w-full text-sm" data-testid="import-values-table">
          <caption className="sr-only">{t('import.valuesTitle')}</caption>
          <thead className="text-left text-xs text-slate-500">
            <tr>
              <th scope="col" className="px-2 py-1">
                {t('import.value')}
              </th>
              <th scope="col" className="px-2 py-1 text-right">
                {t('import.valueRows')}
              </th>
              <th scope="col" className="px-2 py-1 text-right">
                {t('import.valueAmount')}
              </th>
              <th scope="col" className="px-2 py-1">
                {t('import.valueTarget')}
              </th>
            </tr>
          </thead>
          <tbody>
            {values.map((v, i) => {
              const entry = exactOf(v.value);
              const badge = entry
                ? remembered.has(entry.value)
                  ? 'remembered'
                  : suggested.has(entry.value)
                    ? 'suggested'
                    : null
                : v.via === 'name'
                  ? 'name'
                  : v.via === 'fixed'
                    ? 'fixed'
                    : v.via === 'table'
                      ? null
                      : 'unset';
              return (
                <tr key={v.value} className={`border-t border-slate-100 ${v.target === null ? 'bg-amber-50' : ''}`} data-testid={`import-value-${i}`}>
                  <th scope="row" className="min-w-[8rem] px-2 py-1 text-left font-normal break-all">
                    {v.value || '—'}
                    {badge && (
                      <span
                        className={`ml-1 inline-block rounded px-1 text-xs whitespace-nowrap ${badge === 'unset' ? 'bg-amber-200 text-amber-900' : badge === 'remembered' ? 'bg-sky-100 text-sky-900' : 'bg-slate-100 text-slate-700'}`}
                        data-testid="import-value-badge"
                      >
                        {t(`import.badge.${badge}`)}
                      </span>
                    )}
                  </th>
                  <td className="px-2 py-1 text-right tabular-nums">{v.rows.toLocaleString()}</td>
                  <td className="px-2 py-1 text-right tabular-nums">{formatYen(v.amount)}</td>
                  <td className="px-2 py-1">
                    <EnumSelect
                      aria-label={`${v.value || '—'}: ${t('import.valueTarget')}`}
                      className="input w-44 sm:w-56"
                      options={VALUE_TARGETS}
                      value={entry?.target ?? ''}
                      emptyLabel={v.via === 'name' || v.via === 'fixed' ? `${labelOf(v.target!)}` : t('import.chooseTarget')}
                      labelOf={labelOf}
                      onChange={(target) => setTarget(v.value, target)}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {valueCount > values.length && (
        <p className="mt-1 text-xs text-slate-500">{t('import.valuesMore', { count: valueCount - values.length, shown: values.length })}</p>
      )}
      <Keywords
        keywords={keywords}
        labelOf={labelOf}
        onAdd={(entry) => onChange([...entries, entry])}
        onRemove={(entry) => onChange(entries.filter((e) => e !== entry))}
      />
    </section>
  );
}

function Keywords({
  keywords,
  labelOf,
  onAdd,
  onRemove,
}: {
  keywords: CategoryValueEntry[];
  labelOf: (target: ValueTarget) => string;
  onAdd: (entry: CategoryValueEntry) => void;
  onRemove: (entry: CategoryValueEntry) => void;
}) {
  const { t } = useTranslation();
  const [keyword, setKeyword] = useState('');
  const [target, setTarget] = useState<ValueTarget>(COST_CATEGORIES[0]);
  return (
    <div className="mt-3 text-sm">
      <h3 className="font-medium">{t('import.keywordTitle')}</h3>
      <ul className="mt-1 space-y-1">
        {keywords.map((entry, i) => (
          <li key={i} className="flex items-center gap-2">
            <span>
              {t('import.keywordEntry', { value: entry.value })} → {labelOf(entry.target)}
            </span>
            <button type="button" className="btn-secondary px-2 py-0.5 text-xs" onClick={() => onRemove(entry)}>
              {t('import.removeRule')}
            </button>
          </li>
        ))}
      </ul>
      <div className="mt-1 flex flex-wrap items-end gap-2">
        <label className="flex flex-col text-xs">
          {t('import.keyword')}
          <input
            className="input w-40"
            value={keyword}
            maxLength={200}
            placeholder={t('import.keywordPlaceholder')}
            onChange={(e) => setKeyword(e.target.value)}
            data-testid="import-keyword"
          />
        </label>
        <label className="flex flex-col text-xs">
          {t('import.valueTarget')}
          <EnumSelect
            className="input w-56"
            options={VALUE_TARGETS}
            value={target}
            labelOf={labelOf}
            onChange={setTarget}
            data-testid="import-keyword-target"
          />
        </label>
        <button
          type="button"
          className="btn-secondary px-3 py-1"
          disabled={keyword.trim() === ''}
          onClick={() => (onAdd({ value: keyword.trim(), match: 'contains', target }), setKeyword(''))}
          data-testid="import-keyword-add"
        >
          {t('import.addKeyword')}
        </button>
      </div>
    </div>
  );
}
