// Step 2 of an import: which row names the columns. The file's first rows are shown as they are, each
// marked as the header, above it (not imported) or data; the user may pick another row, two rows, or none.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { columnLetter, isBlankCells, type ImportHeaderChoice as HeaderChoice } from '../../../../shared/import-layout.ts';

interface Props {
  head: string[][];
  header: HeaderChoice;
  onChange: (header: HeaderChoice) => void;
}

const SHOWN = 8;

export function ImportHeaderChoice({ head, header, onChange }: Props) {
  const { t } = useTranslation();
  const [expanded, setExpanded] = useState(false);
  const rows = head.map((cells, index) => ({ cells, index })).filter((r) => !isBlankCells(r.cells));
  // Always show up to the first data rows after the header, however far down it is.
  const through = header.row === null ? 0 : header.row + header.depth + 2;
  const visible = expanded ? rows : rows.filter((r, i) => i < SHOWN || r.index <= through);
  const width = Math.min(Math.max(0, ...head.map((r) => r.length)), 12);
  const roleOf = (index: number) => (header.row === null ? 'data' : index < header.row ? 'above' : index < header.row + header.depth ? 'header' : 'data');

  return (
    <section className="card" aria-labelledby="import-header-title" data-testid="import-header">
      <h2 id="import-header-title" className="font-semibold">
        {t('import.headerTitle')}
      </h2>
      <p className="text-sm text-slate-600">{t('import.headerHint')}</p>
      <div className="mt-2 flex flex-wrap gap-x-6 gap-y-1 text-sm">
        <label className="flex items-center gap-2">
          <input
            type="radio"
            name="import-header"
            checked={header.row === null}
            onChange={() => onChange({ row: null, depth: 1 })}
            data-testid="import-header-none"
          />
          {t('import.headerNone')}
        </label>
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            checked={header.depth === 2}
            disabled={header.row === null}
            onChange={(e) => header.row !== null && onChange({ row: header.row, depth: e.target.checked ? 2 : 1 })}
            data-testid="import-header-two-rows"
          />
          {t('import.headerTwoRows')}
        </label>
      </div>
      <div className="mt-2 overflow-x-auto">
        <table className="w-full text-xs">
          <caption className="sr-only">{t('import.headerTitle')}</caption>
          <thead className="text-left text-slate-500">
            <tr>
              <th scope="col" className="px-1 py-1">
                {t('import.row')}
              </th>
              <th scope="col" className="px-1 py-1">
                {t('import.headerTitle')}
              </th>
              {Array.from({ length: width }, (_, i) => (
                <th scope="col" key={i} className="px-1 py-1">
                  {columnLetter(i)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {visible.map(({ cells, index }) => {
              const role = roleOf(index);
              return (
                <tr
                  key={index}
                  data-testid={`import-head-row-${index + 1}`}
                  className={`border-t border-slate-100 ${role === 'header' ? 'bg-sky-50 font-medium' : role === 'above' ? 'text-slate-400' : ''}`}
                >
                  <th scope="row" className="px-1 py-1 text-left font-normal tabular-nums">
                    <label className="flex items-center gap-1 whitespace-nowrap">
                      <input
                        type="radio"
                        name="import-header"
                        checked={header.row === index}
                        onChange={() => onChange({ row: index, depth: header.depth })}
                        aria-label={t('import.headerRowChoice', { row: index + 1 })}
                      />
                      {index + 1}
                    </label>
                  </th>
                  <td className="px-1 py-1 whitespace-nowrap">{t(`import.headRole.${role}`)}</td>
                  {Array.from({ length: width }, (_, i) => (
                    <td key={i} className="max-w-[10rem] truncate px-1 py-1" title={cells[i]}>
                      {cells[i]}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {rows.length > visible.length || expanded ? (
        <button type="button" className="btn-secondary mt-1 px-2 py-0.5 text-xs" onClick={() => setExpanded(!expanded)}>
          {expanded ? t('import.headLess') : t('import.headMore')}
        </button>
      ) : null}
    </section>
  );
}
