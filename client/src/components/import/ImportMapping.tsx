// Step 2 of an import: which column holds which ledger field. Category, stage and source may instead be
// one value for the whole file (a call-centre invoice is all 通信費). Changing anything re-checks every row.
import { useTranslation } from 'react-i18next';
import { COST_CATEGORIES, COST_SOURCES, COST_STAGES } from '../../../../shared/categories.ts';
import type { ImportFixed, ImportMappingInput } from '../../../../shared/import-schemas.ts';
import { IMPORT_FIELDS, type ImportField } from '../../../../shared/import-values.ts';
import { useCategoryLabel, useLocale } from '../../lib/format.ts';
import { EnumSelect } from '../EnumSelect.tsx';
import type { ReceivedImport } from './ImportUpload.tsx';

/** Spreadsheet column letters: A, B, … Z, AA, AB … */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

const FIXABLE: Partial<Record<ImportField, keyof ImportFixed>> = { category: 'category', stage: 'stage', source: 'source' };

interface Props {
  received: ReceivedImport;
  mapping: ImportMappingInput;
  fixed: ImportFixed;
  onChange(mapping: ImportMappingInput, fixed: ImportFixed): void;
}

export function ImportMapping({ received, mapping, fixed, onChange }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const categoryLabel = useCategoryLabel();
  const sampleOf = (column: number) => received.sample.map((row) => row[column]).find((v) => v && v.trim() !== '');

  const setColumn = (field: ImportField, value: string) => {
    const next = { ...mapping };
    if (value === '') delete next[field];
    else {
      const column = Number(value);
      // A column holds one field: taking it for this one frees it from another.
      for (const other of Object.keys(next) as ImportField[]) if (next[other] === column) delete next[other];
      next[field] = column;
    }
    onChange(next, fixed);
  };

  return (
    <section className="card" aria-labelledby="import-mapping-title">
      <h2 id="import-mapping-title" className="font-semibold">
        {t('import.mapping')}
      </h2>
      <p className="text-sm text-slate-600">
        {t('import.mappingHint')} {received.mappingRemembered ? t('import.mappingRemembered') : t('import.mappingSuggested')}
      </p>
      <div className="mt-3 grid gap-x-6 gap-y-2 sm:grid-cols-2">
        {IMPORT_FIELDS.map((info) => {
          const column = mapping[info.field];
          const fixedKey = FIXABLE[info.field];
          const example = column !== undefined ? sampleOf(column) : undefined;
          return (
            <div key={info.field} className="flex flex-wrap items-center gap-2 text-sm" data-testid={`map-${info.field}`}>
              <label className="w-36 shrink-0" htmlFor={`map-${info.field}`}>
                {info[locale]}
                {info.requirement === 'required' && <span className="ml-1 text-xs text-red-700">*</span>}
                {info.requirement === 'amount' && <span className="ml-1 text-xs text-amber-700" title={t('import.amountOr')}>*</span>}
              </label>
              <select id={`map-${info.field}`} className="input w-48" value={column ?? ''} onChange={(e) => setColumn(info.field, e.target.value)}>
                <option value="">{t('import.notMapped')}</option>
                {received.columns.map((header, index) => (
                  <option key={index} value={index}>
                    {columnLetter(index)}: {header || '—'}
                  </option>
                ))}
              </select>
              {fixedKey && column === undefined && (
                <EnumSelect
                  aria-label={`${info[locale]}: ${t('import.wholeFile')}`}
                  className="input w-44"
                  data-testid={`fixed-${fixedKey}`}
                  options={(fixedKey === 'category' ? COST_CATEGORIES : fixedKey === 'stage' ? COST_STAGES : COST_SOURCES) as readonly string[]}
                  value={fixed[fixedKey] ?? ''}
                  emptyLabel={t('import.wholeFile')}
                  labelOf={(v) => (fixedKey === 'category' ? categoryLabel(v as never) : t(`cost.${fixedKey === 'stage' ? 'stages' : 'sources'}.${v}`))}
                  onChange={(v) => onChange(mapping, { ...fixed, [fixedKey]: v || undefined })}
                />
              )}
              {example && <span className="truncate text-xs text-slate-500">{t('import.example', { value: example })}</span>}
            </div>
          );
        })}
      </div>
    </section>
  );
}
