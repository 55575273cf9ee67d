// The audit log of an incident: who changed what and when, with the values before and after.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { CostCategory } from '../../../shared/categories.ts';
import { DOCUMENT_LABELS, type DocumentKind } from '../../../shared/documents.ts';
import { formatYen } from '../../../shared/money.ts';
import { formatTimestamp, useCategoryLabel, useLocale } from '../lib/format.ts';
import { formatBytes } from '../lib/upload.ts';
import { errorDetails, trpc } from '../trpc.ts';
import { IncidentHeader, useIncident } from './IncidentNav.tsx';
import { CLAIM_STATUS_LABELS, REVIEW_DECISION_LABELS, type ClaimStatus, type ReviewDecision } from '../../../shared/claim-status.ts';

/** The label of a logged field, where the UI has one (the raw key otherwise). */
const FIELD_LABELS: Record<string, string> = {
  amount: 'cost.amount', category: 'cost.category', stage: 'cost.stage', incurredOn: 'cost.incurredOn',
  quantity: 'cost.quantity', unitAmount: 'cost.unitAmount', vendor: 'cost.vendor', description: 'cost.description',
  source: 'cost.source', claimant: 'cost.claimant', incurredAbroad: 'cost.abroad',
  insurer: 'policy.insurer', policyNumber: 'policy.policyNumber', periodStart: 'policy.periodStart', periodEnd: 'policy.periodEnd',
  liabilityLimit: 'policy.liabilityLimit', expenseLimit: 'policy.expenseLimit', deductible: 'policy.deductible',
  restorationRider: 'policy.restorationRider', condolencePerPersonCap: 'policy.condolenceCap',
  annualRevenue: 'policy.annualRevenue', itRevenue: 'policy.itRevenue',
  liabilityLimitPerClaim: 'policy.liabilityLimitPerClaim', defenceCosts: 'policy.defenceCosts', restorationRatioPercent: 'policy.restorationRatio',
  restorationSublimit: 'policy.restorationSublimit', responseWindowDays: 'policy.responseWindow',
  priorExpensePaid: 'policy.priorExpensePaid', priorLiabilityPaid: 'policy.priorLiabilityPaid', personsAffected: 'incident.personsAffected',
  settledAmount: 'claim.settledAmount', settledOn: 'claim.settledOn', settledExpense: 'policy.usedExpense', settledRestoration: 'policy.limitRestoration', settledLiability: 'policy.usedLiability',
  title: 'incident.name', kind: 'incident.kind', occurredOn: 'incident.occurredOn', discoveredOn: 'incident.discoveredOn',
  recordsAffected: 'incident.recordsAffected', status: 'incident.status', priorKnowledgeJustification: 'incident.justification',
  role: 'members.role', email: 'auth.email', name: 'auth.companyName',
  approvedAt: 'approval.approved', consentOn: 'consent.consentOn', consentReference: 'consent.reference', consentGivenBy: 'consent.givenBy',
  invoicedOn: 'stageDates.invoicedOn', agreedOn: 'stageDates.agreedOn', paidOn: 'stageDates.paidOn', reviewDecision: 'review.decision', comment: 'review.comment',
  claimStatus: 'claim.status', note: 'claim.note', broker: 'claim.broker',
  sensitiveData: 'deadlines.sensitiveData', financialHarm: 'deadlines.financialHarm', malicious: 'deadlines.malicious',
  insurerNotifiedOn: 'deadlines.insurerNotifiedOn', regulatorFirstReportOn: 'deadlines.regulatorFirstReportOn', regulatorFinalReportOn: 'deadlines.regulatorFinalReportOn',
};

/** Where a key means something else for one kind of record (an attachment's `name` is its file name). */
const ENTITY_FIELD_LABELS: Record<string, Record<string, string>> = {
  attachment: { name: 'audit.fields.fileName', costId: 'audit.fields.costId', documentKind: 'audit.fields.documentKind', size: 'audit.fields.size' },
  package: { version: 'packages.version', totalPayable: 'dashboard.totalPayable', locale: 'packages.language' },
  document: { reason: 'audit.fields.reason' },
};

const fieldLabel = (entityType: string, key: string) => ENTITY_FIELD_LABELS[entityType]?.[key] ?? FIELD_LABELS[key];

const MONEY_FIELDS = new Set([
  'totalPayable', 'amount', 'unitAmount', 'liabilityLimit', 'expenseLimit', 'deductible', 'condolencePerPersonCap', 'annualRevenue', 'itRevenue',
  'liabilityLimitPerClaim', 'restorationSublimit', 'priorExpensePaid', 'priorLiabilityPaid', 'settledAmount', 'settledExpense', 'settledRestoration', 'settledLiability',
]);

function Values({ values, entityType }: { values: unknown; entityType: string }) {
  const { t } = useTranslation();
  const label = useCategoryLabel();
  const locale = useLocale();
  if (values === null || typeof values !== 'object') return null;
  const show = (key: string, value: unknown): string => {
    if (value === null || value === undefined) return '—';
    if (key === 'size' && typeof value === 'number') return formatBytes(value);
    if (typeof value === 'number') return MONEY_FIELDS.has(key) ? formatYen(value) : value.toLocaleString('en-US');
    if (key === 'documentKind') return DOCUMENT_LABELS[value as DocumentKind]?.[locale] ?? String(value);
    if (key === 'costId') return String(value).slice(0, 8);
    if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
    if (key === 'category') return label(value as CostCategory);
    if (key === 'stage') return t(`cost.stages.${value}`);
    if (key === 'source') return t(`cost.sources.${value}`);
    if (key === 'kind') return t(`incident.kinds.${value}`);
    if (key === 'status') return t(`incident.statuses.${value}`);
    if (key === 'role') return t(`roles.${value}`);
    if (key === 'claimStatus') return CLAIM_STATUS_LABELS[value as ClaimStatus]?.[locale] ?? String(value);
    if (key === 'reviewDecision') return REVIEW_DECISION_LABELS[value as ReviewDecision]?.[locale] ?? String(value);
    if (key === 'approvedAt') return formatTimestamp(String(value), locale);
    return String(value);
  };
  return (
    <dl className="text-xs">
      {Object.entries(values as Record<string, unknown>).map(([key, value]) => (
        <div key={key} className="flex gap-1">
          <dt className="text-slate-500">{fieldLabel(entityType, key) ? t(fieldLabel(entityType, key)) : key}:</dt>
          <dd className="break-all">{show(key, value)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Whether the company's hash chain still matches what was written (server/audit-chain.ts). */
function AuditChainStatus({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation();
  const incident = useIncident(incidentId);
  const companyId = incident.data?.companyId ?? '';
  const chain = useQuery({ ...trpc.audit.verify.queryOptions({ companyId }), enabled: Boolean(companyId) });
  if (!chain.data) return null;
  return chain.data.ok ? (
    <p className="mb-3 rounded border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-900" data-testid="audit-chain">
      ✓ {t('auditChain.ok', { count: chain.data.entries })}
      <span className="ml-2 font-mono text-xs text-emerald-700" title={t('auditChain.head')}>
        {chain.data.head.slice(0, 16)}…
      </span>
    </p>
  ) : (
    <p role="alert" className="mb-3 rounded border border-red-300 bg-red-50 px-3 py-2 text-sm font-medium text-red-900" data-testid="audit-chain">
      ⚠ {t('auditChain.broken', { id: chain.data.firstBrokenId })}
    </p>
  );
}

export function AuditPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const locale = useLocale();
  const entries = useQuery(trpc.audit.list.queryOptions({ incidentId: id }));
  return (
    <div>
      <IncidentHeader id={id} />
      <AuditChainStatus incidentId={id} />
      {entries.error && <p role="alert">{errorDetails(entries.error).message}</p>}
      <div className="overflow-x-auto rounded border border-slate-200 bg-white" tabIndex={0} role="region" aria-label={t('audit.title')} data-scroll-x="audit">
        <table className="w-full text-sm" data-testid="audit-table">
          <thead className="bg-slate-100 text-left text-xs text-slate-600">
            <tr>
              <th className="p-2">{t('audit.at')}</th>
              <th className="p-2">{t('audit.who')}</th>
              <th className="p-2">{t('audit.what')}</th>
              <th className="p-2">{t('audit.action')}</th>
              <th className="p-2">{t('audit.before')}</th>
              <th className="p-2">{t('audit.after')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.data?.map((e) => (
              <tr key={e.id} className="border-t border-slate-100 align-top">
                <td className="p-2 whitespace-nowrap">{formatTimestamp(e.at, locale)}</td>
                <td className="p-2">{e.actorName}</td>
                <td className="p-2">
                  {t(`audit.entities.${e.entityType}`)}{' '}
                  {e.entityType === 'document' ? (
                    DOCUMENT_LABELS[e.entityId as DocumentKind]?.[locale]
                  ) : (
                    <span className="font-mono text-xs text-slate-600">{e.entityId.slice(0, 8)}</span>
                  )}
                </td>
                <td className="p-2">{t(`audit.actions.${e.action}`)}</td>
                <td className="p-2">
                  <Values values={e.before} entityType={e.entityType} />
                </td>
                <td className="p-2">
                  <Values values={e.after} entityType={e.entityType} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
