// Step 1 of an import: pick or drop one CSV/XLSX file. The server reads it and answers its columns,
// sample rows and the mapping to start from; nothing reaches the ledger yet.
import { useId, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportReceipt } from '../../../../shared/import-schemas.ts';
import i18n from '../../i18n/index.ts';
import { fieldText, issuesOf, reasonOf, reasonText } from '../../lib/error-text.ts';
import type { RefusedAnswer } from '../../lib/upload.ts';

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
const ACCEPT = '.csv,.tsv,.txt,.xlsx,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type ReceivedImport = ImportReceipt;

async function sendImportFile(incidentId: string, file: File): Promise<{ ok: true; received: ReceivedImport } | { ok: false; message: string }> {
  if (file.size > MAX_IMPORT_BYTES) return { ok: false, message: i18n.t('import.tooLarge') };
  const body = new FormData();
  body.append('file', file, file.name);
  try {
    const response = await fetch(`/api/incidents/${incidentId}/imports`, { method: 'POST', body, credentials: 'same-origin' });
    const answer: unknown = await response.json().catch(() => ({}));
    if (response.ok) return { ok: true, received: answer as ReceivedImport };
    const error = (answer as RefusedAnswer | null)?.error;
    // The import's own Japanese (messageJa), else the refusal's code in words (shared/error-codes.ts).
    const [issue] = issuesOf(error?.data);
    const reason = reasonOf(error?.data);
    const coded = issue ? fieldText(issue) : reason ? reasonText(reason) : null;
    const fallback = error?.message ?? i18n.t('errors.INTERNAL_SERVER_ERROR');
    const message = i18n.language === 'en' ? fallback : (error?.data?.messageJa ?? coded ?? i18n.t(`errors.${error?.code}`, { defaultValue: fallback }));
    return { ok: false, message };
  } catch {
    return { ok: false, message: i18n.t('errors.network') };
  }
}

export function ImportUpload({ incidentId, onReceived }: { incidentId: string; onReceived: (received: ReceivedImport) => void }) {
  const { t } = useTranslation();
  const inputId = useId();
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const send = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    const result = await sendImportFile(incidentId, file);
    setBusy(false);
    if (result.ok) onReceived(result.received);
    else setError(`${file.name}: ${result.message}`);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    void send(event.dataTransfer.files[0]);
  };

  return (
    <div>
      <div
        onDragOver={(event) => (event.preventDefault(), setDragging(true))}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="import-drop"
        className={`flex flex-wrap items-center gap-3 rounded border-2 border-dashed px-4 py-6 text-sm ${dragging ? 'border-sky-500 bg-sky-50' : 'border-slate-300 bg-white'}`}
      >
        <span className="text-slate-600">{t('import.dropHere')}</span>
        <label htmlFor={inputId} className="btn-secondary cursor-pointer px-3 py-1">
          {t('import.choose')}
        </label>
        <input
          id={inputId}
          type="file"
          accept={ACCEPT}
          className="sr-only"
          data-testid="import-file-input"
          onChange={(e) => (void send(e.target.files?.[0]), (e.target.value = ''))}
        />
        {busy && <span className="text-slate-500">{t('import.reading')}</span>}
      </div>
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-700" data-testid="import-upload-error">
          {error}
        </p>
      )}
    </div>
  );
}
