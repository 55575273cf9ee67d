// The deadlines clock (docs/rules.md §6): what is due, when, and what is late, counted from the discovery
// date; and the form where the breach team records the facts and the dates the duties were done.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { inferRouterOutputs } from '@trpc/server';
import { useTranslation } from 'react-i18next';
import type { AppRouter } from '../../../server/routers/_app.ts';
import { DEADLINE_LABELS, TRIGGER_LABELS, type DeadlineState } from '../../../shared/deadlines.ts';
import { formatDate, useLocale } from '../lib/format.ts';
import { useViewer } from '../lib/session.tsx';
import { errorDetails, refreshAll, trpc } from '../trpc.ts';
import { ErrorBanner, SaveCancel } from './Field.tsx';

const STATE_STYLE: Record<DeadlineState, string> = {
  late: 'bg-red-100 text-red-900',
  due_soon: 'bg-amber-100 text-amber-900',
  upcoming: 'bg-slate-100 text-slate-700',
  done: 'bg-emerald-100 text-emerald-900',
  not_required: 'bg-slate-50 text-slate-600',
};

type Incident = inferRouterOutputs<AppRouter>['incident']['get'];

function TrackingForm({ incident, onDone }: { incident: Incident; onDone(): void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState({
    sensitiveData: incident.sensitiveData,
    financialHarm: incident.financialHarm,
    malicious: incident.malicious,
    insurerNotifiedOn: incident.insurerNotifiedOn ?? '',
    regulatorFirstReportOn: incident.regulatorFirstReportOn ?? '',
    regulatorFinalReportOn: incident.regulatorFinalReportOn ?? '',
  });
  const save = useMutation(trpc.incident.updateTracking.mutationOptions({ onSuccess: () => (onDone(), void refreshAll()) }));
  const flag = (key: 'sensitiveData' | 'financialHarm' | 'malicious') => (
    <label className="flex items-center gap-2 text-sm">
      <input type="checkbox" checked={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.checked })} />
      {t(`deadlines.${key}`)}
    </label>
  );
  const date = (key: 'insurerNotifiedOn' | 'regulatorFirstReportOn' | 'regulatorFinalReportOn') => (
    <label className="block text-sm">
      <span className="label">{t(`deadlines.${key}`)}</span>
      <input type="date" className="input" value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} data-testid={`tracking-${key}`} />
    </label>
  );
  return (
    <form
      noValidate
      className="space-y-2 rounded border border-slate-200 bg-slate-50 p-3"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({
          id: incident.id,
          sensitiveData: draft.sensitiveData,
          financialHarm: draft.financialHarm,
          malicious: draft.malicious,
          insurerNotifiedOn: draft.insurerNotifiedOn || null,
          regulatorFirstReportOn: draft.regulatorFirstReportOn || null,
          regulatorFinalReportOn: draft.regulatorFinalReportOn || null,
        });
      }}
    >
      {flag('sensitiveData')}
      {flag('financialHarm')}
      {flag('malicious')}
      <p className="text-xs text-slate-600">{t('deadlines.recordsRule')}</p>
      {date('insurerNotifiedOn')}
      {date('regulatorFirstReportOn')}
      {date('regulatorFinalReportOn')}
      <SaveCancel pending={save.isPending} onCancel={onDone} testId="save-tracking" />
      <ErrorBanner message={errorDetails(save.error).message} />
    </form>
  );
}

export function DeadlinesPanel({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const viewer = useViewer();
  const [editing, setEditing] = useState(false);
  const deadlines = useQuery(trpc.incident.deadlines.queryOptions({ id: incidentId }));
  const incident = useQuery(trpc.incident.get.queryOptions({ id: incidentId }));
  if (!deadlines.data) return null;
  const { triggers } = deadlines.data;
  return (
    <section className="card space-y-2" aria-labelledby="deadlines-heading" data-testid="deadlines-panel">
      <h2 id="deadlines-heading" className="font-semibold">
        {t('deadlines.title')}
      </h2>
      <ul className="space-y-1.5 text-sm">
        {deadlines.data.deadlines.map((d) => (
          <li key={d.key} className="flex items-start justify-between gap-2" data-testid={`deadline-${d.key}`} data-state={d.state}>
            <div>
              <div className={d.state === 'not_required' ? 'text-slate-600' : ''}>{DEADLINE_LABELS[d.key][locale]}</div>
              <div className="text-xs text-slate-600">
                {t('deadlines.due')} {formatDate(d.dueOn, locale)}
                {d.doneOn && ` · ${t('deadlines.doneOn', { date: formatDate(d.doneOn.slice(0, 10), locale) })}`}
                {d.daysLeft !== null && d.daysLeft >= 0 && ` · ${t('deadlines.daysLeft', { count: d.daysLeft })}`}
                {d.daysLeft !== null && d.daysLeft < 0 && ` · ${t('deadlines.daysLate', { count: -d.daysLeft })}`}
              </div>
            </div>
            <span className={`shrink-0 rounded px-2 py-0.5 text-xs ${STATE_STYLE[d.state]}`}>{t(`deadlines.state.${d.state}`)}</span>
          </li>
        ))}
      </ul>
      <p className="text-xs text-slate-600">
        {triggers.length === 0 ? t('deadlines.noTriggers') : `${t('deadlines.triggers')}: ${triggers.map((k) => TRIGGER_LABELS[k][locale]).join('、')}`}
      </p>
      {viewer.canLog && incident.data && !editing && (
        <button type="button" className="btn-secondary text-xs" onClick={() => setEditing(true)} data-testid="edit-tracking">
          {t('deadlines.record')}
        </button>
      )}
      {editing && incident.data && <TrackingForm incident={incident.data} onDone={() => setEditing(false)} />}
    </section>
  );
}
