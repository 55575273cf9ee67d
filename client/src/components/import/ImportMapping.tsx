// Step 3 of an import: which column holds which ledger field (the tax columns too: 税区分, 税額, 税抜, 登録番号).
// Category, stage and source may instead be one value for the whole file (a call-centre invoice is all
// 通信費). The category column's values go through the value table (ImportCategoryValues), so it may be the
// vendor's or the description's column. Changing anything re-checks every row.
import { useTranslation } from 'react-i18next';
import { COST_CATEGORIES, COST_SOURCES, COST_STAGES, type CostCategory, type CostSource, type CostStage } from '../../../../shared/categories.ts';
import type { ImportFixed, ImportMappingInput } from '../../../../shared/import-schemas.ts';
import { columnLetter } from '../../../../shared/import-layout.ts';
import { IMPORT_FIELDS, type ImportField } from '../../../../shared/import-values.ts';
import { useCategoryLabel, useLocale } from '../../lib/format.ts';
import { EnumSelect } from '../EnumSelect.tsx';

export { columnLetter };

/** Fields that may share their column with the category (read through the value table). */
const SHARES_WITH_CATEGORY: ImportField[] = ['vendor', 'description'];
const TAX_FIELDS: ImportField[] = ['taxCategory', 'taxAmount', 'netAmount', 'invoiceNumber'];

const FIXABLE: Partial<Record<ImportField, keyof ImportFixed>> = { category: 'category', stage: 'stage', source: 'source' };

interface Props {
  columns: string[];
  /** The first data rows under the chosen header: the "e.g." beside each mapped column. */
  sample: string[][];
  mapping: ImportMappingInput;
  fixed: ImportFixed;
  remembered: boolean;
  /** The whole-file values the remembered settings set (each shown marked while unchanged). */
  rememberedFixed?: ImportFixed;
  onChange: (mapping: ImportMappingInput, fixed: ImportFixed) => void;
}

export function ImportMapping({ columns, sample, mapping, fixed, remembered, rememberedFixed, onChange }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const categoryLabel = useCategoryLabel();
  const sampleOf = (column: number) => sample.map((row) => row[column]).find((v) => v && v.trim() !== '');

  const setColumn = (field: ImportField, value: string) => {
    const next = { ...mapping };
    if (value === '') delete next[field];
    else {
      const column = Number(value);
      // A column holds one field (the category may share the vendor's or description's): taking it frees it from another.
      const shares = (a: ImportField, b: ImportField) =>
        (a === 'category' && SHARES_WITH_CATEGORY.includes(b)) || (b === 'category' && SHARES_WITH_CATEGORY.includes(a));
      for (const other of Object.keys(next) as ImportField[]) if (next[other] === column && other !== field && !shares(field, other)) delete next[other];
      next[field] = column;
    }
    onChange(next, fixed);
  };

  const fieldRow = (info: (typeof IMPORT_FIELDS)[number]) => {
    const column = mapping[info.field];
    const fixedKey = FIXABLE[info.field];
    const example = column !== undefined ? sampleOf(column) : undefined;
    return (
      <div key={info.field} className="flex flex-wrap items-center gap-2 text-sm" data-testid={`map-${info.field}`}>
        <label className="w-36 shrink-0" htmlFor={`map-${info.field}`}>
          {info[locale]}
          {info.requirement === 'required' && <span className="ml-1 text-xs text-red-700">*</span>}
          {info.requirement === 'amount' && (
            <span className="ml-1 text-xs text-amber-700" title={t('import.amountOr')}>
              *
            </span>
          )}
        </label>
        <select id={`map-${info.field}`} className="input w-48 max-w-full" value={column ?? ''} onChange={(e) => setColumn(info.field, e.target.value)}>
          <option value="">{t('import.notMapped')}</option>
          {columns.map((header, index) => (
            <option key={index} value={index}>
              {columnLetter(index)}: {header || '—'}
            </option>
          ))}
        </select>
        {fixedKey && column === undefined && (
          <EnumSelect
            aria-label={`${info[locale]}: ${t('import.wholeFile')}`}
            className="input w-44 max-w-full"
            data-testid={`fixed-${fixedKey}`}
            options={fixedKey === 'category' ? COST_CATEGORIES : fixedKey === 'stage' ? COST_STAGES : COST_SOURCES}
            value={fixed[fixedKey] ?? ''}
            emptyLabel={t('import.wholeFile')}
            // The values are the options just above, so each names a category, stage or source.
            labelOf={(v) =>
              fixedKey === 'category'
                ? categoryLabel(v as CostCategory)
                : fixedKey === 'stage'
                  ? t(`cost.stages.${v as CostStage}`)
                  : t(`cost.sources.${v as CostSource}`)
            }
            onChange={(v) => onChange(mapping, { ...fixed, [fixedKey]: v || undefined })}
          />
        )}
        {/* A whole-file value the company set last time is applied visibly, never silently. */}
        {fixedKey && column === undefined && rememberedFixed?.[fixedKey] !== undefined && rememberedFixed[fixedKey] === fixed[fixedKey] && (
          <span className="rounded bg-sky-100 px-1 text-xs text-sky-900" data-testid={`fixed-${fixedKey}-remembered`}>
            {t('import.badge.remembered')}
          </span>
        )}
        {example && <span className="truncate text-xs text-slate-500">{t('import.example', { value: example })}</span>}
      </div>
    );
  };

  return (
    <section className="card" aria-labelledby="import-mapping-title">
      <h2 id="import-mapping-title" className="font-semibold">
        {t('import.mapping')}
      </h2>
      <p className="text-sm text-slate-600">
        {t('import.mappingHint')} {remembered ? t('import.mappingRemembered') : t('import.mappingSuggested')}
      </p>
      <div className="mt-3 grid gap-x-6 gap-y-2 sm:grid-cols-2">{IMPORT_FIELDS.filter((f) => !TAX_FIELDS.includes(f.field)).map(fieldRow)}</div>
      <h3 className="mt-3 border-t border-slate-100 pt-2 text-sm font-medium">{t('import.taxFields')}</h3>
      <div className="mt-1 grid gap-x-6 gap-y-2 sm:grid-cols-2">{IMPORT_FIELDS.filter((f) => TAX_FIELDS.includes(f.field)).map(fieldRow)}</div>
    </section>
  );
}
