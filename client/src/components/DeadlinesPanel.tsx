// The deadlines clock (docs/rules.md, "Deadlines"): each duty with its starting day and rule, what is due,
// done (with its date and reference) or late; and the form where the breach team records the facts and the
// dates the duties were done.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouterOutputs } from '../lib/api-types.ts';
import { DEADLINE_RULES, deadlineTitle, NOT_REQUIRED_REASONS, TRIGGER_LABELS, type DeadlineState } from '../../../shared/deadlines.ts';
import { DATA_ROLE_LABELS, DATA_ROLES } from '../../../shared/incident-facts.ts';
import { formatDate, useLocale } from '../lib/format.ts';
import { useViewer } from '../lib/session.tsx';
import { errorDetails, refreshAll, trpc } from '../trpc.ts';
import { EnumSelect } from './EnumSelect.tsx';
import { ErrorBanner, SaveCancel } from './Field.tsx';

const STATE_STYLE: Record<DeadlineState, string> = {
  late: 'bg-red-100 text-red-900',
  due_soon: 'bg-amber-100 text-amber-900',
  upcoming: 'bg-slate-100 text-slate-700',
  done: 'bg-emerald-100 text-emerald-900',
  not_required: 'bg-slate-50 text-slate-600',
  not_yet: 'bg-slate-50 text-slate-600',
};

type Incident = RouterOutputs['incident']['get'];
type DeadlineRow = RouterOutputs['incident']['deadlines']['deadlines'][number];

const DATE_FIELDS = ['insurerNotifiedOn', 'regulatorFirstReportOn', 'regulatorFinalReportOn', 'clientNotifiedOn', 'personsNotifiedOn'] as const;
type DateField = (typeof DATE_FIELDS)[number];

function TrackingForm({ incident, onDone }: { incident: Incident; onDone: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [draft, setDraft] = useState({
    sensitiveData: incident.sensitiveData,
    financialHarm: incident.financialHarm,
    malicious: incident.malicious,
    encrypted: incident.encrypted,
    dataRole: incident.dataRole,
    insurerClaimReference: incident.insurerClaimReference ?? '',
    ...(Object.fromEntries(DATE_FIELDS.map((k) => [k, incident[k] ?? ''])) as Record<DateField, string>),
  });
  const save = useMutation(trpc.incident.updateTracking.mutationOptions({ onSuccess: () => (onDone(), void refreshAll()) }));
  const flag = (key: 'sensitiveData' | 'financialHarm' | 'malicious' | 'encrypted') => (
    <label className="flex items-center gap-2 text-sm">
      <input type="checkbox" checked={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.checked })} data-testid={`tracking-${key}`} />
      {t(`deadlines.${key}`)}
    </label>
  );
  const date = (key: DateField) => (
    <label className="block text-sm" key={key}>
      <span className="label">{t(`deadlines.${key}`)}</span>
      <input type="date" className="input" value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} data-testid={`tracking-${key}`} />
    </label>
  );
  // The client's notice is a contractor's duty; the regulator's reports are everyone else's.
  const dates = DATE_FIELDS.filter((k) => (draft.dataRole === 'contractor' ? !k.startsWith('regulator') : k !== 'clientNotifiedOn'));
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
          encrypted: draft.encrypted,
          dataRole: draft.dataRole,
          insurerClaimReference: draft.insurerClaimReference.trim() || null,
          ...(Object.fromEntries(DATE_FIELDS.map((k) => [k, draft[k] || null])) as Record<DateField, string | null>),
        });
      }}
    >
      <label className="block text-sm">
        <span className="label">{t('deadlines.dataRole')}</span>
        <EnumSelect
          options={DATA_ROLES}
          value={draft.dataRole}
          onChange={(dataRole) => setDraft({ ...draft, dataRole })}
          labelOf={(r) => DATA_ROLE_LABELS[r][locale]}
          data-testid="tracking-dataRole"
        />
      </label>
      {flag('sensitiveData')}
      {flag('financialHarm')}
      {flag('malicious')}
      {flag('encrypted')}
      <p className="text-xs text-slate-600">{t('deadlines.recordsRule')}</p>
      <label className="block text-sm">
        <span className="label">{t('deadlines.insurerClaimReference')}</span>
        <input
          className="input"
          value={draft.insurerClaimReference}
          maxLength={100}
          onChange={(e) => setDraft({ ...draft, insurerClaimReference: e.target.value })}
          data-testid="tracking-insurerClaimReference"
        />
      </label>
      {dates.map(date)}
      <SaveCancel pending={save.isPending} onCancel={onDone} testId="save-tracking" />
      <ErrorBanner message={errorDetails(save.error).message} />
    </form>
  );
}

function DeadlineItem({ d }: { d: DeadlineRow }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const muted = d.state === 'not_required' || d.state === 'not_yet';
  const details = [
    d.dueOn && !muted ? `${t('deadlines.due')} ${formatDate(d.dueOn, locale)}` : null,
    d.startsOn && d.state !== 'not_required' ? t(`deadlines.startsOn.${d.start}`, { date: formatDate(d.startsOn, locale) }) : null,
    d.doneOn ? t('deadlines.doneOn', { date: formatDate(d.doneOn.slice(0, 10), locale) }) : null,
    d.reference ? t('deadlines.reference', { reference: d.reference }) : null,
    d.daysLeft !== null && d.daysLeft >= 0 ? t('deadlines.daysLeft', { count: d.daysLeft }) : null,
    d.daysLeft !== null && d.daysLeft < 0 ? t('deadlines.daysLate', { count: -d.daysLeft }) : null,
  ].filter(Boolean);
  const why = d.notRequiredReason
    ? NOT_REQUIRED_REASONS[d.notRequiredReason][locale]
    : d.state === 'not_yet' && (d.start === 'paid' || d.start === 'settled')
      ? t(`deadlines.notYet.${d.start}`)
      : DEADLINE_RULES[d.key][locale];
  return (
    <li className="flex items-start justify-between gap-2" data-testid={`deadline-${d.key}`} data-state={d.state} data-due={d.dueOn ?? ''}>
      <div className="min-w-0">
        <div className={muted ? 'text-slate-600' : ''}>{deadlineTitle(d, locale)}</div>
        {details.length > 0 && <div className="text-xs text-slate-600">{details.join(' · ')}</div>}
        <div className="text-xs text-slate-500">{why}</div>
      </div>
      <span className={`shrink-0 rounded px-2 py-0.5 text-xs ${STATE_STYLE[d.state]}`}>{t(`deadlines.state.${d.state}`)}</span>
    </li>
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
  const personsUnknown = incident.data && incident.data.personsAffected === null && incident.data.recordsAffected !== null;
  return (
    <section className="card space-y-2" aria-labelledby="deadlines-heading" data-testid="deadlines-panel">
      <h2 id="deadlines-heading" className="font-semibold">
        {t('deadlines.title')}
      </h2>
      <ul className="space-y-2 text-sm">
        {deadlines.data.deadlines.map((d) => (
          <DeadlineItem key={`${d.key}-${d.subjectId ?? ''}`} d={d} />
        ))}
      </ul>
      <p className="text-xs text-slate-600">
        {triggers.length === 0 ? t('deadlines.noTriggers') : `${t('deadlines.triggers')}: ${triggers.map((k) => TRIGGER_LABELS[k][locale]).join('、')}`}
      </p>
      {personsUnknown && <p className="text-xs text-amber-800">{t('deadlines.personsFromRecords', { count: incident.data?.recordsAffected ?? 0 })}</p>}
      {viewer.canLog && incident.data && !editing && (
        <button type="button" className="btn-secondary text-xs" onClick={() => setEditing(true)} data-testid="edit-tracking">
          {t('deadlines.record')}
        </button>
      )}
      {editing && incident.data && <TrackingForm incident={incident.data} onDone={() => setEditing(false)} />}
    </section>
  );
}
