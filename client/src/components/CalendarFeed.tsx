// The member's own calendar feed of deadlines (docs/decisions/028): make a secret URL to subscribe to in
// Outlook or Google Calendar, shown once; make a new one (the old stops working) or stop the feed.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTimestamp, useLocale } from '../lib/format.ts';
import { errorDetails, queryClient, trpc } from '../trpc.ts';
import { ErrorBanner } from './Field.tsx';

/** The Clipboard API exists only on HTTPS and localhost; elsewhere the selected text is copied the old way. */
async function copyText(input: HTMLInputElement): Promise<boolean> {
  try {
    if (navigator.clipboard) {
      await navigator.clipboard.writeText(input.value);
      return true;
    }
  } catch {
    // Refused (no permission): fall through to the selection.
  }
  input.select();
  return document.execCommand('copy');
}

export function CalendarFeed() {
  const { t } = useTranslation();
  const locale = useLocale();
  const status = useQuery(trpc.calendar.status.queryOptions({}));
  const [url, setUrl] = useState<string | null>(null);
  const [copied, setCopied] = useState<boolean | null>(null);
  const urlInput = useRef<HTMLInputElement>(null);
  // copyText answers false when it cannot copy; it never rejects.
  const copy = async () => setCopied(urlInput.current ? await copyText(urlInput.current) : false);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.calendar.status.queryKey() });
  const rotate = useMutation(trpc.calendar.rotate.mutationOptions({ onSuccess: (answer) => (setUrl(answer.url), setCopied(null), refresh()) }));
  const revoke = useMutation(trpc.calendar.revoke.mutationOptions({ onSuccess: () => (setUrl(null), setCopied(null), refresh()) }));
  const active = status.data?.active ?? false;
  const busy = rotate.isPending || revoke.isPending;

  return (
    <section className="space-y-3 rounded border border-slate-200 bg-white p-4" aria-labelledby="calendar-heading" data-testid="calendar-feed">
      <h2 id="calendar-heading" className="font-medium">
        {t('calendarFeed.title')}
      </h2>
      <p className="text-sm text-slate-600">{t('calendarFeed.explain')}</p>
      <p className="text-sm" data-testid="calendar-feed-status">
        {status.data?.active && status.data.createdAt
          ? t('calendarFeed.active', { at: formatTimestamp(status.data.createdAt, locale) })
          : status.data
            ? t('calendarFeed.inactive')
            : null}
      </p>

      {url && (
        <div className="space-y-2 rounded border border-emerald-300 bg-emerald-50 p-3 text-sm" data-testid="calendar-feed-url">
          <p className="font-medium">{t('calendarFeed.shownOnce')}</p>
          <div className="flex flex-col gap-2 sm:flex-row">
            <input
              ref={urlInput}
              className="input min-w-0 flex-1 font-mono text-xs"
              readOnly
              value={url}
              onFocus={(e) => e.target.select()}
              aria-label={t('calendarFeed.urlLabel')}
            />
            <button type="button" className="btn-secondary shrink-0" onClick={() => void copy()}>
              {t('calendarFeed.copy')}
            </button>
          </div>
          {copied !== null && (
            <p role="status" className={copied ? 'text-emerald-800' : 'text-red-700'}>
              {copied ? t('calendarFeed.copied') : t('calendarFeed.copyFailed')}
            </p>
          )}
        </div>
      )}

      <div className="flex flex-wrap gap-2">
        {active ? (
          <>
            <button
              type="button"
              className="btn-secondary"
              disabled={busy}
              onClick={() => window.confirm(t('calendarFeed.confirmRotate')) && rotate.mutate({})}
            >
              {t('calendarFeed.rotate')}
            </button>
            <button type="button" className="btn-danger" disabled={busy} onClick={() => window.confirm(t('calendarFeed.confirmRevoke')) && revoke.mutate({})}>
              {t('calendarFeed.revoke')}
            </button>
          </>
        ) : (
          <button type="button" className="btn" disabled={busy || !status.data} onClick={() => rotate.mutate({})}>
            {t('calendarFeed.create')}
          </button>
        )}
      </div>
      {active && <p className="text-xs text-slate-600">{t('calendarFeed.rotateExplain')}</p>}
      <ErrorBanner message={errorDetails(rotate.error ?? revoke.error).message} />

      <details className="text-sm">
        <summary className="cursor-pointer font-medium">{t('calendarFeed.howTo')}</summary>
        <dl className="mt-2 space-y-2">
          <dt className="font-medium">Outlook</dt>
          <dd className="text-slate-700">{t('calendarFeed.outlook')}</dd>
          <dt className="font-medium">{t('calendarFeed.googleName')}</dt>
          <dd className="text-slate-700">{t('calendarFeed.google')}</dd>
        </dl>
        <p className="mt-2 text-xs text-slate-600">{t('calendarFeed.refresh')}</p>
      </details>
      <p className="text-xs text-slate-600">{t('calendarFeed.email')}</p>
    </section>
  );
}
