// A labelled form field with its error underneath.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function Field({ label, error, hint, children, htmlFor }: { label: string; error?: string; hint?: ReactNode; children: ReactNode; htmlFor?: string }) {
  return (
    <div>
      <label className="label" htmlFor={htmlFor}>
        {label}
      </label>
      {children}
      {hint && !error && <p className="mt-0.5 text-xs text-slate-500">{hint}</p>}
      {error && (
        <p className="mt-0.5 text-xs text-red-700" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

export function ErrorBanner({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <div role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
      {message}
    </div>
  );
}

/** The save and cancel buttons that close an inline form under a ledger line or a panel. */
export function SaveCancel({ pending, onCancel, testId }: { pending: boolean; onCancel: () => void; testId?: string }) {
  const { t } = useTranslation();
  return (
    <div className="flex gap-2">
      <button className="btn" disabled={pending} data-testid={testId}>
        {t('common.save')}
      </button>
      <button type="button" className="btn-secondary" onClick={onCancel}>
        {t('common.cancel')}
      </button>
    </div>
  );
}
