// Where files are dropped or picked: several at once by drag-and-drop or the file picker, or a photo
// straight from a phone's camera. Each file is uploaded and reported on its own.
import { useId, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ACCEPT, uploadFiles, type UploadResult } from '../lib/upload.ts';

export function FileDrop({ uploadUrl, onUploaded, compact = false, label }: { uploadUrl: string; onUploaded: () => void; compact?: boolean; label?: string }) {
  const { t } = useTranslation();
  const inputId = useId();
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState(0);
  const [errors, setErrors] = useState<Extract<UploadResult, { ok: false }>[]>([]);

  const send = async (files: File[]) => {
    if (files.length === 0) return;
    setErrors([]);
    setBusy(files.length);
    const results = await uploadFiles(uploadUrl, files, () => setBusy((n) => n - 1));
    setBusy(0);
    setErrors(results.filter((r): r is Extract<UploadResult, { ok: false }> => !r.ok));
    if (results.some((r) => r.ok)) onUploaded();
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    void send([...event.dataTransfer.files]);
  };

  return (
    <div>
      <div
        onDragOver={(event) => (event.preventDefault(), setDragging(true))}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="file-drop"
        className={`flex flex-wrap items-center gap-2 rounded border-2 border-dashed px-3 ${compact ? 'py-1.5' : 'py-3'} text-sm ${
          dragging ? 'border-sky-500 bg-sky-50' : 'border-slate-300 bg-white'
        }`}
      >
        <span className="text-slate-600">{label ?? t('upload.dropHere')}</span>
        <label htmlFor={inputId} className="btn-secondary cursor-pointer px-2 py-0.5 text-xs">
          {t('upload.choose')}
        </label>
        <input
          id={inputId}
          type="file"
          multiple
          accept={ACCEPT}
          className="sr-only"
          data-testid="file-input"
          onChange={(e) => (void send([...(e.target.files ?? [])]), (e.target.value = ''))}
        />
        <label className="btn-secondary cursor-pointer px-2 py-0.5 text-xs sm:hidden">
          {t('upload.camera')}
          <input
            type="file"
            accept="image/*"
            capture="environment"
            className="sr-only"
            onChange={(e) => (void send([...(e.target.files ?? [])]), (e.target.value = ''))}
          />
        </label>
        {busy > 0 && <span className="text-xs text-slate-500">{t('upload.uploading', { count: busy })}</span>}
      </div>
      {errors.length > 0 && (
        <ul role="alert" className="mt-1 space-y-0.5 text-xs text-red-700">
          {errors.map((e, i) => (
            <li key={i}>
              {e.name}: {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
