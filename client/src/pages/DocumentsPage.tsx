// The documents the insurer asks for (docs/rules.md §6): each attached, marked not needed with a reason, or
// missing. Files for the incident as a whole are dropped here; receipts go on their ledger lines.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { checklistDetail, DOCUMENT_LABELS, documentStatusLabel, type ChecklistItem, type DocumentStatus } from '../../../shared/documents.ts';
import { AttachmentList, type AttachmentRow } from '../components/AttachmentList.tsx';
import { ErrorBanner } from '../components/Field.tsx';
import { FileDrop } from '../components/FileDrop.tsx';
import { documentAction } from '../lib/document-actions.ts';
import { useLocale } from '../lib/format.ts';
import { useSession, useViewer } from '../lib/session.tsx';
import { errorDetails, refreshAll, trpc } from '../trpc.ts';
import { IncidentPage } from './IncidentNav.tsx';

const STATUS_STYLES: Record<DocumentStatus, string> = {
  attached: 'bg-emerald-50 text-emerald-800',
  not_needed: 'bg-slate-100 text-slate-600',
  missing: 'bg-red-50 text-red-800',
};

export const DocumentsPage = () => <IncidentPage content={Documents} />;

function NotNeededForm({ incidentId, item }: { incidentId: string; item: ChecklistItem }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [open, setOpen] = useState(false);
  const mark = useMutation(trpc.document.markNotNeeded.mutationOptions({ onSuccess: () => (setOpen(false), setReason(''), void refreshAll()) }));
  const unmark = useMutation(trpc.document.markNeeded.mutationOptions({ onSuccess: () => void refreshAll() }));
  const action = documentAction(item);
  if (action === 'mark_needed') {
    return (
      <button type="button" className="btn-secondary px-2 py-0.5 text-xs" onClick={() => unmark.mutate({ incidentId, kind: item.kind })}>
        {t('documents.markNeeded')}
      </button>
    );
  }
  if (action === null) return null;
  if (!open) {
    return (
      <button type="button" className="btn-secondary px-2 py-0.5 text-xs" onClick={() => setOpen(true)}>
        {t('documents.markNotNeeded')}
      </button>
    );
  }
  const error = errorDetails(mark.error);
  return (
    <form noValidate className="flex flex-wrap items-start gap-2" onSubmit={(e) => (e.preventDefault(), mark.mutate({ incidentId, kind: item.kind, reason }))}>
      <input
        className="input min-w-0 flex-1 sm:max-w-sm"
        autoFocus
        aria-label={t('documents.reason')}
        placeholder={t('documents.reason')}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <button className="btn px-2 py-1 text-xs" disabled={mark.isPending}>
        {t('common.save')}
      </button>
      <button type="button" className="btn-secondary px-2 py-1 text-xs" onClick={() => setOpen(false)}>
        {t('common.cancel')}
      </button>
      {(error.fields.reason || error.banner) && (
        <p className="w-full text-xs text-red-700" role="alert">
          {error.fields.reason ? t('documents.reasonRequired') : error.banner}
        </p>
      )}
    </form>
  );
}

function ChecklistRow({ incidentId, item, files }: { incidentId: string; item: ChecklistItem; files: AttachmentRow[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { me } = useSession();
  const { isFinance, canLog } = useViewer();
  const lineItem = item.lines !== null;
  return (
    <li id={`document-${item.kind}`} className="space-y-2 border-t border-slate-100 py-3" data-testid={`document-${item.kind}`}>
      <div className="flex flex-wrap items-center gap-3">
        <span className="font-medium">{DOCUMENT_LABELS[item.kind][locale]}</span>
        <span className={`rounded px-2 py-0.5 text-xs ${STATUS_STYLES[item.status]}`} data-testid="document-status">
          {documentStatusLabel(item.status, locale)}
        </span>
        <span className="text-sm text-slate-600">{checklistDetail(item, locale)}</span>
        {lineItem && (item.linesWithoutFile ?? 0) > 0 && (
          <Link className="text-sm text-sky-800 hover:underline" to={`/incidents/${incidentId}/ledger`}>
            {t('documents.toLedger')}
          </Link>
        )}
        <span className="sm:ml-auto">{isFinance && <NotNeededForm incidentId={incidentId} item={item} />}</span>
      </div>
      {files.length > 0 && <AttachmentList files={files} canRemove={(f) => isFinance || (canLog && f.uploadedBy === me.userId)} />}
      {canLog && (
        <FileDrop
          uploadUrl={`/api/incidents/${incidentId}/documents/${item.kind}`}
          onUploaded={() => void refreshAll()}
          compact
          label={t('documents.dropFor', { name: DOCUMENT_LABELS[item.kind][locale] })}
        />
      )}
    </li>
  );
}

function Documents({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation();
  const checklist = useQuery(trpc.document.checklist.queryOptions({ incidentId }));
  // A link to one document (#document-seal_certificate, from the pre-flight check) scrolls to it once listed.
  const { hash } = useLocation();
  const listed = checklist.data !== undefined;
  useEffect(() => {
    if (listed && hash.startsWith('#document-')) document.getElementById(hash.slice(1))?.scrollIntoView({ block: 'center' });
  }, [listed, hash]);
  const files = useQuery(trpc.attachment.list.queryOptions({ incidentId }));
  if (checklist.error) return <ErrorBanner message={errorDetails(checklist.error).message} />;
  if (!checklist.data) return <p>{t('common.loading')}</p>;
  return (
    <section className="card">
      <h2 className="font-semibold">{t('documents.title')}</h2>
      <p className="mt-1 text-sm text-slate-600">
        {checklist.data.missing > 0 ? t('documents.missingCount', { count: checklist.data.missing }) : t('documents.complete')}
      </p>
      <ul className="mt-2">
        {checklist.data.items.map((item) => (
          <ChecklistRow
            key={item.kind}
            incidentId={incidentId}
            item={item}
            files={(files.data ?? []).filter((f) => f.costId === null && f.documentKind === item.kind)}
          />
        ))}
      </ul>
    </section>
  );
}
