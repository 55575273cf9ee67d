// Where the claim stands and the next move for whoever is looking: finance submits a package version
// to the broker (or resubmits after changes were requested) and records the settlement; the broker
// starts the review, requests changes, accepts and sends the claim on to the insurer.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CLAIM_STATUS_LABELS, canMove, type ClaimStatus } from '../../../shared/claim-status.ts';
import { todayInJapan } from '../../../shared/dates.ts';
import { formatYen } from '../../../shared/money.ts';
import { formatTimestamp, useLocale } from '../lib/format.ts';
import { useViewer } from '../lib/session.tsx';
import { errorDetails, refreshAll, trpc } from '../trpc.ts';
import { ErrorBanner, Field } from './Field.tsx';
import { isPreflightChanged, PreflightList, usePreflightConfirmation } from './PreflightList.tsx';
import { YenInput, yenValue } from './YenInput.tsx';

type Status = NonNullable<ReturnType<typeof useClaimStatus>['data']>;

export function useClaimStatus(incidentId: string) {
  return useQuery(trpc.claim.status.queryOptions({ incidentId }));
}

function SubmitForm({ incidentId, status }: { incidentId: string; status: Status }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const versions = useQuery(trpc.claim.packages.queryOptions({ incidentId }));
  const [packageId, setPackageId] = useState('');
  const [brokerCompanyId, setBrokerCompanyId] = useState('');
  const [note, setNote] = useState('');
  const chosen = packageId || versions.data?.[0]?.id || '';
  const version = versions.data?.find((v) => v.id === chosen);
  // The check the chosen version was frozen with; a version from before the check is checked against the ledger now.
  const current = useQuery({ ...trpc.claim.preflight.queryOptions({ incidentId }), enabled: version !== undefined && version.preflight === null });
  const items = version ? (version.preflight ?? current.data?.items) : undefined;
  const keys = items?.map((item) => item.key);
  const confirmation = usePreflightConfirmation(keys, chosen);
  const submit = useMutation(
    trpc.claim.submit.mutationOptions({
      onSuccess: () => (setNote(''), void refreshAll()),
      onError: (error) => void (isPreflightChanged(error) && refreshAll()),
    }),
  );
  if (status.grantedBrokers.length === 0) return <p className="text-sm text-amber-800">{t('claim.noBroker')}</p>;
  if (versions.data?.length === 0) {
    return (
      <Link className="text-sm text-sky-800 hover:underline" to={`/incidents/${incidentId}/packages`}>
        {t('claim.noPackage')}
      </Link>
    );
  }
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!confirmation.ready || !keys) return;
    submit.mutate({ incidentId, packageId: chosen, brokerCompanyId: brokerCompanyId || undefined, note: note || undefined, acknowledged: keys });
  };
  return (
    <form className="space-y-2" onSubmit={onSubmit}>
      <div className="grid gap-2 sm:grid-cols-2">
        <Field label={t('claim.chooseVersion')} htmlFor="submit-version">
          <select id="submit-version" className="input" value={chosen} onChange={(e) => setPackageId(e.target.value)}>
            {versions.data?.map((v) => (
              <option key={v.id} value={v.id}>
                {t('packages.versionN', { version: v.version })} · {formatYen(v.totals.totalPayable)} · {formatTimestamp(v.createdAt, locale)}
              </option>
            ))}
          </select>
        </Field>
        {status.grantedBrokers.length > 1 && (
          <Field label={t('claim.chooseBroker')} htmlFor="submit-broker">
            <select
              id="submit-broker"
              className="input"
              value={brokerCompanyId || status.broker?.id || ''}
              onChange={(e) => setBrokerCompanyId(e.target.value)}
            >
              <option value="" />
              {status.grantedBrokers.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </select>
          </Field>
        )}
      </div>
      <Field label={t('claim.note')} htmlFor="submit-note" hint={t('common.optional')}>
        <textarea id="submit-note" className="input" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      </Field>
      <PreflightList
        id="submit-preflight"
        incidentId={incidentId}
        items={items}
        intro={version?.preflight ? t('preflight.versionIntro') : t('preflight.intro')}
        confirmLabel={t('preflight.confirmSubmit')}
        confirmed={confirmation.confirmed}
        onConfirm={confirmation.setConfirmed}
      />
      <button className="btn" disabled={submit.isPending || !chosen || !confirmation.ready} data-testid="submit-claim">
        {status.claimStatus === 'draft' ? t('claim.submit') : t('claim.resubmit')}
      </button>
      <ErrorBanner message={isPreflightChanged(submit.error) ? t('preflight.changed') : errorDetails(submit.error).banner} />
    </form>
  );
}

function SettleForm({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation();
  const [amount, setAmount] = useState('');
  const [settledOn, setSettledOn] = useState(todayInJapan());
  // What the payment covers per limit: later incidents of the policy period find it used (docs/rules.md §4).
  const [split, setSplit] = useState({ expense: '', restoration: '', liability: '' });
  const settle = useMutation(trpc.claim.settle.mutationOptions({ onSuccess: () => void refreshAll() }));
  const paidAmount = yenValue(amount);
  const fields = errorDetails(settle.error).fields;
  const splitGiven = Object.values(split).some((v) => v.trim() !== '');
  const parts = {
    expensePaid: yenValue(split.expense) ?? Number.NaN,
    restorationPaid: yenValue(split.restoration || '0') ?? Number.NaN,
    liabilityPaid: yenValue(split.liability || '0') ?? Number.NaN,
  };
  const submit = () => paidAmount !== undefined && settle.mutate({ incidentId, paidAmount, settledOn, ...(splitGiven ? parts : {}) });
  const part = (key: keyof typeof split, field: keyof typeof parts, label: string) => (
    <Field label={label} htmlFor={`settle-${key}`} error={fields[field]}>
      <YenInput id={`settle-${key}`} value={split[key]} onChange={(v) => setSplit({ ...split, [key]: v })} optional />
    </Field>
  );
  return (
    <form className="grid gap-2 sm:grid-cols-3 sm:items-end" onSubmit={(e) => (e.preventDefault(), submit())}>
      <Field label={t('claim.paidAmount')} htmlFor="settle-amount" error={fields.paidAmount}>
        <YenInput id="settle-amount" value={amount} onChange={setAmount} />
      </Field>
      <Field label={t('claim.settledOn')} htmlFor="settle-on" error={fields.settledOn}>
        <input id="settle-on" type="date" className="input" value={settledOn} onChange={(e) => setSettledOn(e.target.value)} />
        <p className="h-4" />
      </Field>
      <div>
        <button className="btn" disabled={settle.isPending || paidAmount === undefined} data-testid="settle-claim">
          {t('claim.settle')}
        </button>
        <p className="h-4" />
      </div>
      <fieldset className="grid gap-2 sm:col-span-3 sm:grid-cols-3">
        <legend className="text-xs text-slate-600">{t('claim.splitHint')}</legend>
        {part('expense', 'expensePaid', t('claim.splitExpense'))}
        {part('restoration', 'restorationPaid', t('claim.splitRestoration'))}
        {part('liability', 'liabilityPaid', t('claim.splitLiability'))}
      </fieldset>
      <div className="sm:col-span-3">
        <ErrorBanner message={errorDetails(settle.error).banner} />
      </div>
    </form>
  );
}

function BrokerMoves({ incidentId, status }: { incidentId: string; status: ClaimStatus }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const setStatus = useMutation(trpc.claim.setStatus.mutationOptions({ onSuccess: () => (setNote(''), void refreshAll()) }));
  // Asking for changes without saying which is refused here, before anything is sent.
  const [noteMissing, setNoteMissing] = useState(false);
  const move = (to: 'under_review' | 'changes_requested' | 'accepted' | 'sent_to_insurer') => {
    const missing = to === 'changes_requested' && note.trim() === '';
    setNoteMissing(missing);
    if (!missing) setStatus.mutate({ incidentId, status: to, note: note || undefined });
  };
  const fields = noteMissing ? { note: t('claim.noteRequired') } : errorDetails(setStatus.error).fields;
  const can = (to: ClaimStatus) => canMove(status, to, 'broker');
  if (!can('under_review') && !can('changes_requested') && !can('accepted') && !can('sent_to_insurer')) return null;
  return (
    <div className="space-y-2">
      {can('changes_requested') && (
        <Field label={t('claim.note')} htmlFor="broker-note" error={fields.note}>
          <textarea id="broker-note" className="input" rows={2} value={note} onChange={(e) => (setNote(e.target.value), setNoteMissing(false))} />
        </Field>
      )}
      <div className="flex flex-wrap gap-2">
        {can('under_review') && (
          <button type="button" className="btn-secondary" onClick={() => move('under_review')}>
            {t('claim.startReview')}
          </button>
        )}
        {can('changes_requested') && (
          <button type="button" className="btn-secondary" onClick={() => move('changes_requested')} data-testid="request-changes">
            {t('claim.requestChanges')}
          </button>
        )}
        {can('accepted') && (
          <button type="button" className="btn" onClick={() => move('accepted')} data-testid="accept-claim">
            {t('claim.accept')}
          </button>
        )}
        {can('sent_to_insurer') && (
          <button type="button" className="btn" onClick={() => move('sent_to_insurer')} data-testid="send-to-insurer">
            {t('claim.sendToInsurer')}
          </button>
        )}
      </div>
      {!fields.note && <ErrorBanner message={errorDetails(setStatus.error).banner} />}
    </div>
  );
}

export function ClaimStatusCard({ incidentId, compact = false }: { incidentId: string; compact?: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const viewer = useViewer();
  const status = useClaimStatus(incidentId);
  const s = status.data;
  if (!s) return null;
  // The client side's next move (submit, resubmit, record the settlement) is finance's: a responder is told so.
  const clientCanMove = canMove(s.claimStatus, 'submitted', 'client') || canMove(s.claimStatus, 'settled', 'client');
  return (
    <section className="card space-y-3" data-testid="claim-status-card">
      <h2 className="font-semibold">{t('claim.title')}</h2>
      {/* Each badge named: where the claim stands, and what the broker has decided on its lines so far. */}
      <dl className="flex flex-wrap items-baseline gap-x-4 gap-y-2 text-sm">
        <div className="flex items-baseline gap-1.5">
          <dt className="whitespace-nowrap text-slate-600">{t('claim.status')}:</dt>
          <dd className="rounded bg-sky-100 px-2 py-0.5 font-medium text-sky-900" data-testid="claim-status">
            {CLAIM_STATUS_LABELS[s.claimStatus][locale]}
          </dd>
        </div>
        {s.claimStatus !== 'draft' && (
          <div className="flex items-baseline gap-1.5">
            <dt className="whitespace-nowrap text-slate-600">{t('claim.brokerDecision')}:</dt>
            <dd className="rounded bg-slate-100 px-2 py-0.5 text-slate-800" data-testid="review-counts">
              {t('claim.reviewTally', s.review)}
              {s.review.unansweredQueries > 0 && (
                <span className="ml-1 text-amber-800">· {t('claim.unansweredQueries', { count: s.review.unansweredQueries })}</span>
              )}
            </dd>
          </div>
        )}
      </dl>
      <dl className="space-y-1 text-sm">
        {s.broker && (
          <div className="flex justify-between">
            <dt>{t('claim.broker')}</dt>
            <dd>{s.broker.name}</dd>
          </div>
        )}
        {s.submittedVersion !== null && (
          <div className="flex justify-between">
            <dt>{t('claim.submittedVersion')}</dt>
            <dd>{t('packages.versionN', { version: s.submittedVersion })}</dd>
          </div>
        )}
        {s.claimedAmount !== null && (
          <div className="flex justify-between">
            <dt>{t('claim.claimedAmount')}</dt>
            <dd className="tabular-nums" data-testid="claimed-amount">
              {formatYen(s.claimedAmount)}
            </dd>
          </div>
        )}
        {s.settledAmount !== null && (
          <>
            <div className="flex justify-between font-medium text-emerald-900">
              <dt>{t('claim.settledAmount')}</dt>
              <dd className="tabular-nums" data-testid="settled-amount">
                {formatYen(s.settledAmount)}
              </dd>
            </div>
            {s.claimedAmount !== null && (
              <div className="flex justify-between text-slate-500">
                <dt>{t('claim.difference')}</dt>
                <dd className="tabular-nums">{formatYen(s.settledAmount - s.claimedAmount)}</dd>
              </div>
            )}
          </>
        )}
      </dl>
      {!compact && (
        <>
          {viewer.isFinance && canMove(s.claimStatus, 'submitted', 'client') && <SubmitForm incidentId={incidentId} status={s} />}
          {/* A broker is named (s.broker) only while the claim is submitted to its own company: only then does it move it. */}
          {(viewer.isFinance || (viewer.isBroker && s.viewer === 'broker' && s.broker)) && canMove(s.claimStatus, 'settled', 'client') && (
            <SettleForm incidentId={incidentId} />
          )}
          {viewer.isBroker && s.broker && <BrokerMoves incidentId={incidentId} status={s.claimStatus} />}
          {!viewer.isBroker && !viewer.isFinance && clientCanMove && <p className="text-xs text-slate-600">{t('claim.financeOnly')}</p>}
        </>
      )}
      {compact && (
        <Link className="inline-block text-sm text-sky-800 hover:underline" to={`/incidents/${incidentId}/claim`}>
          {t('claim.open')}
        </Link>
      )}
    </section>
  );
}
