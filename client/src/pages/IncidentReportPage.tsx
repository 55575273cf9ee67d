// The incident report (事故状況報告書), edited once in one form (`/incidents/:id/report`), and the same report as
// the Personal Information Protection Commission's items in the order of its form, each with a copy button,
// with the notice to the client when the company handled the data as contractor. Brokers read it.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { Locale } from '../../../shared/categories.ts';
import { DATA_ROLE_LABELS } from '../../../shared/incident-facts.ts';
import {
  CIRCLED_NUMBERS,
  clientNoticeText,
  INCIDENT_REPORT_KEYS,
  INCIDENT_REPORT_LABELS,
  INCIDENT_REPORT_MAX,
  notifiesClient,
  ppcReportItems,
  ppcReportText,
  reportDate,
  type IncidentReportKey,
  type IncidentReportTexts,
  type PpcItem,
} from '../../../shared/incident-report.ts';
import { ErrorBanner, Field } from '../components/Field.tsx';
import { copyText } from '../lib/copy-text.ts';
import { formatTimestamp, useLocale } from '../lib/format.ts';
import { useViewer } from '../lib/session.tsx';
import { errorDetails, refreshAll, trpc, type ErrorDetails } from '../trpc.ts';
import { IncidentPage } from './IncidentNav.tsx';

export const IncidentReportPage = () => <IncidentPage content={IncidentReport} />;

type Report = NonNullable<ReturnType<typeof useReport>['data']>;
type Draft = Record<IncidentReportKey, string>;
type View = 'edit' | 'ppc';

function useReport(incidentId: string) {
  return useQuery(trpc.incidentReport.get.queryOptions({ incidentId }));
}

const textsOf = (report: Report): IncidentReportTexts => Object.fromEntries(INCIDENT_REPORT_KEYS.map((key) => [key, report[key]])) as IncidentReportTexts;
const draftOf = (report: Report): Draft => Object.fromEntries(INCIDENT_REPORT_KEYS.map((key) => [key, report[key] ?? ''])) as Draft;

/** The long items, in the order of the commission's form (③, the persons, comes from the incident). */
const ITEM_ROWS: Partial<Record<IncidentReportKey, number>> = {
  summary: 5,
  dataItems: 2,
  cause: 3,
  secondaryHarm: 2,
  measuresForPersons: 3,
  publication: 2,
  recurrencePrevention: 3,
  other: 2,
};

function IncidentReport({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation();
  const report = useReport(incidentId);
  const [params, setParams] = useSearchParams();
  const view: View = params.get('view') === 'ppc' ? 'ppc' : 'edit';
  if (report.error) return <ErrorBanner message={errorDetails(report.error).message} />;
  if (!report.data) return <p>{t('common.loading')}</p>;
  const tab = (v: View) => (
    <button
      type="button"
      role="tab"
      aria-selected={view === v}
      onClick={() => setParams(v === 'ppc' ? { view: 'ppc' } : {}, { replace: true })}
      className={`shrink-0 border-b-2 px-3 py-1 text-sm ${view === v ? 'border-sky-700 font-medium' : 'border-transparent text-slate-600'}`}
      data-testid={`report-tab-${v}`}
    >
      {t(v === 'edit' ? 'incidentReport.editTab' : 'incidentReport.ppcTab')}
    </button>
  );
  return (
    <section className="max-w-3xl space-y-3" aria-labelledby="report-heading">
      <h2 id="report-heading" className="text-lg font-semibold">
        {t('incidentReport.title')}
      </h2>
      <p className="text-sm text-slate-600">{t('incidentReport.explain')}</p>
      <div role="tablist" className="flex gap-1 overflow-x-auto border-b border-slate-200">
        {tab('edit')}
        {tab('ppc')}
      </div>
      {/* The form stays mounted behind the other tab, so what is typed but not saved is not lost. */}
      <div hidden={view !== 'edit'} role="tabpanel">
        <ReportForm incidentId={incidentId} report={report.data} />
      </div>
      {view === 'ppc' && <PpcView report={report.data} />}
    </section>
  );
}

/** What the report takes from the incident: the dates, the persons, whose data, the claim reference. */
function IncidentFacts({ report }: { report: Report }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { facts } = report;
  const rows: [string, string][] = [
    [t('incidentReport.occurredOn'), reportDate(facts.occurredOn, locale)],
    [t('incidentReport.discoveredOn'), reportDate(facts.discoveredOn, locale)],
    [t('incidentReport.awareOn'), reportDate(facts.awareOn ?? facts.discoveredOn, locale)],
    [
      t('incidentReport.persons'),
      facts.personsAffected === null ? t('incidentReport.personsUnknown') : facts.personsAffected.toLocaleString(locale === 'ja' ? 'ja-JP' : 'en-GB'),
    ],
    [t('incidentReport.dataRole'), DATA_ROLE_LABELS[facts.dataRole][locale]],
    [t('incidentReport.claimReference'), facts.insurerClaimReference ?? t('incidentReport.claimReferenceUnknown')],
  ];
  return (
    <div className="rounded border border-slate-200 bg-slate-50 p-3 text-sm">
      <p className="mb-1 text-xs font-medium text-slate-600">{t('incidentReport.facts')}</p>
      <dl className="grid gap-x-4 gap-y-0.5 sm:grid-cols-[10rem_1fr]" data-testid="report-facts">
        {rows.map(([key, value]) => (
          <div key={key} className="contents">
            <dt className="text-slate-600">{key}</dt>
            <dd className="break-words">{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

function ReportForm({ incidentId, report }: { incidentId: string; report: Report }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { isBroker } = useViewer();
  const [base, setBase] = useState<Draft>(() => draftOf(report));
  const [draft, setDraft] = useState<Draft>(base);
  const [notice, setNotice] = useState(false);
  const changed = INCIDENT_REPORT_KEYS.filter((key) => draft[key].trim() !== base[key].trim());
  const update = useMutation(
    trpc.incidentReport.update.mutationOptions({
      onSuccess: () => {
        setBase(draft);
        setNotice(true);
        void refreshAll();
      },
    }),
  );
  const errors = errorDetails(update.error);
  const set = (key: IncidentReportKey, value: string) => (setDraft({ ...draft, [key]: value }), setNotice(false));
  // Only what changed is sent: another member's save of another item meanwhile is kept.
  const save = () => update.mutate({ incidentId, ...Object.fromEntries(changed.map((key) => [key, draft[key].trim() === '' ? null : draft[key].trim()])) });
  const persons = ppcReportItems(textsOf(report), report.facts, locale).find((item) => item.key === 'persons');
  if (!persons) throw new Error('the commission report has no persons item');

  const field = (key: IncidentReportKey, number?: number) => (
    <ReportField
      key={key}
      name={key}
      number={number}
      value={draft[key]}
      readOnly={isBroker}
      errors={errors}
      onChange={(value) => set(key, value)}
      locale={locale}
    />
  );
  return (
    <form noValidate className="space-y-4 pt-2" onSubmit={(e) => (e.preventDefault(), setNotice(false), save())} aria-label={t('incidentReport.title')}>
      <IncidentFacts report={report} />
      {isBroker && <p className="text-sm text-slate-600">{t('incidentReport.readOnly')}</p>}
      {field('summary', 1)}
      {field('dataItems', 2)}
      <div>
        <p className="label">{`${CIRCLED_NUMBERS[2]} ${persons.label}`}</p>
        <p className="text-sm" data-testid="report-persons">
          {persons.text ?? t('incidentReport.personsUnknown')}
          <span className="ml-2 text-xs text-slate-500">{t('incidentReport.facts')}</span>
        </p>
      </div>
      {(['cause', 'secondaryHarm', 'measuresForPersons', 'publication', 'recurrencePrevention', 'other'] as const).map((key, i) => field(key, i + 4))}
      <fieldset className="space-y-3 rounded border border-slate-200 p-3">
        <legend className="px-1 text-sm font-medium">{t('incidentReport.clientSection')}</legend>
        {field('clientName')}
      </fieldset>
      <fieldset className="grid gap-3 rounded border border-slate-200 p-3 sm:grid-cols-2">
        <legend className="px-1 text-sm font-medium">{t('incidentReport.contactSection')}</legend>
        {field('contactName')}
        {field('contactPhone')}
      </fieldset>
      {!isBroker && (
        <div className="flex flex-wrap items-center gap-3">
          <button className="btn" disabled={update.isPending || changed.length === 0} data-testid="report-save">
            {t('incidentReport.save')}
          </button>
          {notice && (
            <p role="status" className="text-sm text-emerald-700" data-testid="report-saved">
              {t('incidentReport.saved')}
            </p>
          )}
          {!notice && changed.length > 0 && <p className="text-sm text-amber-800">{t('incidentReport.unsaved')}</p>}
        </div>
      )}
      <p className="text-xs text-slate-500">
        {report.updatedAt
          ? t('incidentReport.savedAt', { at: formatTimestamp(report.updatedAt, locale), name: report.updatedByName ?? '' })
          : t('incidentReport.notSaved')}
      </p>
      <ErrorBanner message={errors.banner} />
    </form>
  );
}

function ReportField(props: {
  name: IncidentReportKey;
  number?: number;
  value: string;
  readOnly: boolean;
  errors: ErrorDetails;
  onChange: (value: string) => void;
  locale: Locale;
}) {
  const { t } = useTranslation();
  const { name, number, value, readOnly, errors, onChange, locale } = props;
  const id = `report-${name}`;
  const label = `${number ? `${CIRCLED_NUMBERS[number - 1]} ` : ''}${INCIDENT_REPORT_LABELS[name][locale]}`;
  const rows = ITEM_ROWS[name];
  const common = {
    id,
    className: 'input',
    value,
    readOnly,
    maxLength: INCIDENT_REPORT_MAX[name],
    'aria-invalid': Boolean(errors.fields[name]),
    'data-testid': id,
    onChange: (e: { target: { value: string } }) => onChange(e.target.value),
  };
  const hint = name === 'summary' ? t('incidentReport.summaryHint') : name === 'clientName' ? t('incidentReport.clientHint') : undefined;
  return (
    <Field label={label} htmlFor={id} error={errors.fields[name]} hint={hint}>
      {rows ? <textarea {...common} rows={rows} /> : <input {...common} type={name === 'contactPhone' ? 'tel' : 'text'} />}
    </Field>
  );
}

function CopyButton({ text, testId, label }: { text: string | null; testId: string; label?: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  // copyText answers false when it cannot copy; it never rejects.
  const copy = async () => setCopied(text !== null && (await copyText(text)));
  return (
    <span className="flex shrink-0 items-center gap-2">
      {copied && (
        <span role="status" className="text-xs text-emerald-700">
          {t('incidentReport.copied')}
        </span>
      )}
      <button
        type="button"
        className="btn-secondary whitespace-nowrap px-2 py-0.5 text-xs"
        disabled={text === null}
        onClick={() => void copy()}
        onBlur={() => setCopied(false)}
        data-testid={testId}
      >
        {label ?? t('incidentReport.copy')}
      </button>
    </span>
  );
}

function PpcItemCard({ item }: { item: PpcItem }) {
  const { t } = useTranslation();
  return (
    <li className="space-y-1 rounded border border-slate-200 bg-white p-3" data-testid={`ppc-item-${item.number}`}>
      <div className="flex items-start justify-between gap-3">
        <h3 className="min-w-0 text-sm font-medium">{`${CIRCLED_NUMBERS[item.number - 1]} ${item.label}`}</h3>
        <CopyButton text={item.text} testId={`ppc-copy-${item.number}`} />
      </div>
      {item.text ? (
        <p className="whitespace-pre-wrap break-words text-sm" data-testid="ppc-text">
          {item.text}
        </p>
      ) : (
        <p className="text-sm text-slate-500">{t('incidentReport.notWritten')}</p>
      )}
    </li>
  );
}

/** The saved report as the commission's items, and the client notice for a contractor. */
function PpcView({ report }: { report: Report }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const texts = textsOf(report);
  const items = ppcReportItems(texts, report.facts, locale);
  return (
    <div role="tabpanel" className="space-y-4 pt-2" data-testid="ppc-view">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <p className="min-w-0 flex-1 text-sm text-slate-600">{t('incidentReport.ppcExplain')}</p>
        <CopyButton text={ppcReportText(texts, report.facts, locale)} testId="ppc-copy-all" label={t('incidentReport.copyAll')} />
      </div>
      <ol className="space-y-2">
        {items.map((item) => (
          <PpcItemCard key={item.key} item={item} />
        ))}
      </ol>
      {notifiesClient(report.facts) && (
        <section className="space-y-2 rounded border border-slate-200 bg-white p-3" aria-labelledby="client-notice-heading" data-testid="client-notice">
          <div className="flex items-start justify-between gap-3">
            <h3 id="client-notice-heading" className="font-medium">
              {t('incidentReport.clientNotice')}
            </h3>
            <CopyButton text={clientNoticeText(texts, report.facts, report.companyName, locale)} testId="client-notice-copy" />
          </div>
          <p className="text-xs text-slate-600">{t('incidentReport.clientNoticeExplain')}</p>
          <pre className="whitespace-pre-wrap break-words rounded bg-slate-50 p-3 font-sans text-sm" data-testid="client-notice-text">
            {clientNoticeText(texts, report.facts, report.companyName, locale)}
          </pre>
        </section>
      )}
    </div>
  );
}
