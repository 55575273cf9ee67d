// Files already attached: a thumbnail for photos, a first-page preview for PDFs, a download link with
// the original name, and removal for those allowed to.
import type { AttachmentItem } from '../lib/api-types.ts';
import { useMutation } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes } from '../lib/upload.ts';
import { errorDetails, refreshAll, trpc } from '../trpc.ts';
import { ErrorBanner } from './Field.tsx';

export type AttachmentRow = Pick<AttachmentItem, 'id' | 'name' | 'size' | 'mediaType' | 'previewable' | 'uploadedBy' | 'uploadedByName'>;

const PdfThumbnail = lazy(() => import('./PdfThumbnail.tsx'));

const fileUrl = (id: string, inline = false) => `/api/attachments/${id}${inline ? '?inline=1' : ''}`;

function Thumbnail({ file, onOpen }: { file: AttachmentRow; onOpen: () => void }) {
  const box = 'flex h-14 w-14 shrink-0 items-center justify-center overflow-hidden rounded border border-slate-200 bg-slate-50 text-xs text-slate-500';
  if (!file.previewable) return <span className={box}>HEIC</span>;
  return (
    <button type="button" className={`${box} items-start`} onClick={onOpen} title={file.name} aria-label={file.name} data-testid="attachment-preview">
      {file.mediaType.startsWith('image/') ? (
        <img src={fileUrl(file.id, true)} alt={file.name} loading="lazy" className="h-full w-full object-cover" />
      ) : (
        <Suspense fallback="PDF">
          <PdfThumbnail url={fileUrl(file.id, true)} width={56} label={file.name} />
        </Suspense>
      )}
    </button>
  );
}

function PreviewDialog({ file, onClose }: { file: AttachmentRow; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <div
      role="dialog"
      aria-label={file.name}
      className="fixed inset-0 z-50 flex items-center justify-center bg-black/50 p-4"
      onClick={onClose}
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      <div className="flex h-[85vh] w-full max-w-3xl flex-col rounded bg-white p-3" onClick={(e) => e.stopPropagation()}>
        <div className="mb-2 flex items-center gap-2 text-sm">
          <span className="truncate font-medium">{file.name}</span>
          <a className="btn-secondary ml-auto px-2 py-0.5 text-xs" href={fileUrl(file.id)} download={file.name}>
            {t('upload.download')}
          </a>
          <button type="button" className="btn-secondary px-2 py-0.5 text-xs" onClick={onClose}>
            {t('common.close')}
          </button>
        </div>
        {file.mediaType.startsWith('image/') ? (
          <img src={fileUrl(file.id, true)} alt={file.name} className="min-h-0 flex-1 object-contain" />
        ) : (
          // The first page drawn by pdf.js: the same in every browser, with or without a PDF viewer.
          <div className="min-h-0 flex-1 overflow-auto bg-slate-100 p-2">
            <Suspense fallback={t('common.loading')}>
              <PdfThumbnail url={fileUrl(file.id, true)} width={720} label={file.name} />
            </Suspense>
            <a className="mt-2 block text-sm text-sky-800 hover:underline" href={fileUrl(file.id, true)} target="_blank" rel="noreferrer">
              {t('upload.openAll')}
            </a>
          </div>
        )}
      </div>
    </div>
  );
}

export function AttachmentList({ files, canRemove }: { files: AttachmentRow[]; canRemove: (file: AttachmentRow) => boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<AttachmentRow | null>(null);
  const remove = useMutation(trpc.attachment.remove.mutationOptions({ onSuccess: () => void refreshAll() }));
  if (files.length === 0) return <p className="text-xs text-slate-500">{t('upload.none')}</p>;
  return (
    <div className="space-y-2">
      <ErrorBanner message={errorDetails(remove.error).message} />
      <ul className="flex flex-wrap gap-3" data-testid="attachment-list">
        {files.map((file) => (
          <li key={file.id} className="flex max-w-64 items-center gap-2 text-xs" data-testid="attachment">
            <Thumbnail file={file} onOpen={() => setOpen(file)} />
            <div className="min-w-0">
              <a className="block truncate text-sky-800 hover:underline" href={fileUrl(file.id)} download={file.name}>
                {file.name}
              </a>
              <span className="text-slate-500">
                {formatBytes(file.size)} · {file.uploadedByName}
              </span>
              {canRemove(file) && (
                <button
                  type="button"
                  className="ml-2 text-red-700 hover:underline"
                  onClick={() => window.confirm(t('upload.confirmRemove')) && remove.mutate({ id: file.id })}
                >
                  {t('common.delete')}
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
      {open && <PreviewDialog file={open} onClose={() => setOpen(null)} />}
    </div>
  );
}
