// Opening or correcting an incident, with the justification a pre-policy leak needs.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { INCIDENT_KINDS, INCIDENT_STATUSES, type IncidentKind, type IncidentStatus } from '../../../shared/categories.ts';
import { todayInJapan } from '../../../shared/dates.ts';
import { EnumSelect } from '../components/EnumSelect.tsx';
import { ErrorBanner, Field } from '../components/Field.tsx';
import { useLocale } from '../lib/format.ts';
import { useSession } from '../lib/session.tsx';
import { DATA_ROLE_LABELS, DATA_ROLES, type DataRole } from '../../../shared/incident-facts.ts';
import { errorDetails, refreshAll, trpc } from '../trpc.ts';

type Draft = {
  policyId: string;
  title: string;
  kind: IncidentKind;
  occurredOn: string;
  discoveredOn: string;
  recordsAffected: string;
  personsAffected: string;
  description: string;
  priorKnowledgeJustification: string;
  status: IncidentStatus;
  awareOn: string;
  encrypted: boolean;
  dataRole: DataRole;
};

export function IncidentFormPage() {
  const { id } = useParams();
  const existing = useQuery({ ...trpc.incident.get.queryOptions({ id: id ?? '' }), enabled: !!id });
  if (id && !existing.data) return <p>{errorDetails(existing.error).message ?? '…'}</p>;
  const i = existing.data;
  const today = todayInJapan();
  const draft: Draft = i
    ? {
        policyId: i.policyId,
        title: i.title,
        kind: i.kind,
        occurredOn: i.occurredOn,
        discoveredOn: i.discoveredOn,
        recordsAffected: i.recordsAffected === null ? '' : String(i.recordsAffected),
        personsAffected: i.personsAffected === null ? '' : String(i.personsAffected),
        description: i.description ?? '',
        priorKnowledgeJustification: i.priorKnowledgeJustification ?? '',
        status: i.status,
        awareOn: i.awareOn ?? '',
        encrypted: i.encrypted,
        dataRole: i.dataRole,
      }
    : {
        policyId: '',
        title: '',
        kind: 'leak',
        occurredOn: today,
        discoveredOn: today,
        recordsAffected: '',
        personsAffected: '',
        description: '',
        priorKnowledgeJustification: '',
        status: 'open',
        awareOn: '',
        encrypted: false,
        dataRole: 'own',
      };
  return <IncidentForm id={id} initial={draft} />;
}

function IncidentForm({ id, initial }: { id?: string; initial: Draft }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { company } = useSession();
  const locale = useLocale();
  const policies = useQuery(trpc.policy.list.queryOptions({ companyId: company.companyId }));
  const [draft, setDraft] = useState(initial);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft({ ...draft, [key]: value });
  const policyId = draft.policyId || policies.data?.[0]?.id || '';
  const policy = policies.data?.find((p) => p.id === policyId);
  const beforePolicy = !!policy && draft.occurredOn !== '' && draft.occurredOn < policy.periodStart;

  const create = useMutation(trpc.incident.create.mutationOptions({ onSuccess: (r) => (void refreshAll(), navigate(`/incidents/${r.id}`)) }));
  const update = useMutation(trpc.incident.update.mutationOptions({ onSuccess: (r) => (void refreshAll(), navigate(`/incidents/${r.id}`)) }));
  const mutation = id ? update : create;
  const { fields, banner } = errorDetails(mutation.error);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const common = {
      title: draft.title,
      kind: draft.kind,
      occurredOn: draft.occurredOn,
      discoveredOn: draft.discoveredOn,
      recordsAffected: draft.recordsAffected.trim() === '' ? null : Number(draft.recordsAffected.replace(/[,，]/g, '')),
      personsAffected: draft.personsAffected.trim() === '' ? null : Number(draft.personsAffected.replace(/[,，]/g, '')),
      description: draft.description || undefined,
      priorKnowledgeJustification: draft.priorKnowledgeJustification || undefined,
      awareOn: draft.awareOn || null,
      encrypted: draft.encrypted,
      dataRole: draft.dataRole,
    };
    if (id) update.mutate({ id, status: draft.status, ...common });
    else create.mutate({ policyId, ...common });
  };

  return (
    <form onSubmit={submit} className="card mx-auto max-w-3xl space-y-4">
      <h1 className="text-lg font-semibold">{id ? t('incident.editIncident') : t('home.newIncident')}</h1>
      <div className="grid gap-3 md:grid-cols-2">
        <Field label={t('incident.policy')} htmlFor="incident-policy" error={fields.policyId}>
          <select id="incident-policy" className="input" value={policyId} onChange={(e) => set('policyId', e.target.value)} disabled={!!id}>
            {policies.data?.map((p) => (
              <option key={p.id} value={p.id}>
                {p.insurer} {p.policyNumber} ({p.periodStart} – {p.periodEnd})
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('incident.kind')} htmlFor="incident-kind" error={fields.kind}>
          <EnumSelect
            id="incident-kind"
            options={INCIDENT_KINDS}
            value={draft.kind}
            onChange={(k) => set('kind', k)}
            labelOf={(k) => t(`incident.kinds.${k}`)}
          />
        </Field>
        <div className="md:col-span-2">
          <Field label={t('incident.name')} htmlFor="incident-title" error={fields.title}>
            <input id="incident-title" className="input" value={draft.title} onChange={(e) => set('title', e.target.value)} required autoFocus />
          </Field>
        </div>
        <Field label={t('incident.occurredOn')} htmlFor="incident-occurred" error={fields.occurredOn}>
          <input id="incident-occurred" type="date" className="input" value={draft.occurredOn} onChange={(e) => set('occurredOn', e.target.value)} required />
        </Field>
        <Field label={t('incident.discoveredOn')} htmlFor="incident-discovered" error={fields.discoveredOn}>
          <input
            id="incident-discovered"
            type="date"
            className="input"
            value={draft.discoveredOn}
            onChange={(e) => set('discoveredOn', e.target.value)}
            required
          />
        </Field>
        <Field label={t('incident.awareOn')} htmlFor="incident-aware" error={fields.awareOn} hint={t('incident.awareOnHint')}>
          <input id="incident-aware" type="date" className="input" value={draft.awareOn} onChange={(e) => set('awareOn', e.target.value)} />
        </Field>
        <Field label={t('deadlines.dataRole')} htmlFor="incident-data-role" error={fields.dataRole}>
          <EnumSelect
            id="incident-data-role"
            options={DATA_ROLES}
            value={draft.dataRole}
            onChange={(r) => set('dataRole', r)}
            labelOf={(r) => DATA_ROLE_LABELS[r][locale]}
          />
        </Field>
        <Field label={t('incident.recordsAffected')} htmlFor="incident-records" error={fields.recordsAffected}>
          <input
            id="incident-records"
            className="input num"
            inputMode="numeric"
            value={draft.recordsAffected}
            onChange={(e) => set('recordsAffected', e.target.value)}
          />
        </Field>
        <Field label={t('incident.personsAffected')} htmlFor="incident-persons" error={fields.personsAffected} hint={t('incident.personsAffectedHint')}>
          <input
            id="incident-persons"
            className="input num"
            inputMode="numeric"
            value={draft.personsAffected}
            onChange={(e) => set('personsAffected', e.target.value)}
          />
        </Field>
        <label className="flex items-center gap-2 text-sm md:col-span-2">
          <input type="checkbox" checked={draft.encrypted} onChange={(e) => set('encrypted', e.target.checked)} data-testid="incident-encrypted" />
          {t('deadlines.encrypted')}
        </label>
        {id && (
          <Field label={t('incident.status')} htmlFor="incident-status" error={fields.status}>
            <EnumSelect
              id="incident-status"
              options={INCIDENT_STATUSES}
              value={draft.status}
              onChange={(s) => set('status', s)}
              labelOf={(s) => t(`incident.statuses.${s}`)}
            />
          </Field>
        )}
      </div>
      <Field label={t('incident.description')} htmlFor="incident-description" error={fields.description}>
        <textarea id="incident-description" className="input" rows={3} value={draft.description} onChange={(e) => set('description', e.target.value)} />
      </Field>
      {(beforePolicy || draft.priorKnowledgeJustification) && (
        <Field label={t('incident.justification')} htmlFor="incident-justification" error={fields.priorKnowledgeJustification}>
          {beforePolicy && !draft.priorKnowledgeJustification.trim() && (
            <p className="mb-1 text-sm text-amber-700" role="status">
              {t('incident.justificationNeeded')}
            </p>
          )}
          <textarea
            id="incident-justification"
            className="input"
            rows={3}
            value={draft.priorKnowledgeJustification}
            onChange={(e) => set('priorKnowledgeJustification', e.target.value)}
          />
        </Field>
      )}
      <ErrorBanner message={banner} />
      <div className="flex justify-end gap-2">
        <button type="button" className="btn-secondary" onClick={() => void navigate(-1)}>
          {t('common.cancel')}
        </button>
        <button className="btn" disabled={mutation.isPending || !policyId}>
          {t('common.save')}
        </button>
      </div>
    </form>
  );
}
