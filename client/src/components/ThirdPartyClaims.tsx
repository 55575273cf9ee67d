// The claims third parties made against the insured: each owes the insurer a notice of its own, in
// writing with the claimant (docs/rules.md, "Deadlines"); the insurer's reference is kept beside it.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouterOutputs } from '../lib/api-types.ts';
import { formatYen } from '../../../shared/money.ts';
import { formatDate, useLocale } from '../lib/format.ts';
import { useViewer } from '../lib/session.tsx';
import { errorDetails, refreshAll, trpc } from '../trpc.ts';
import { ErrorBanner, SaveCancel } from './Field.tsx';
import { YenInput, yenValue } from './YenInput.tsx';

type Claim = RouterOutputs['thirdPartyClaim']['list'][number];

const EMPTY = { claimant: '', receivedOn: '', amountDemanded: '', insurerNotifiedOn: '', insurerReference: '', note: '' };

function ClaimForm({ incidentId, claim, onDone }: { incidentId: string; claim?: Claim; onDone: () => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(
    claim
      ? {
          claimant: claim.claimant,
          receivedOn: claim.receivedOn,
          amountDemanded: claim.amountDemanded === null ? '' : String(claim.amountDemanded),
          insurerNotifiedOn: claim.insurerNotifiedOn ?? '',
          insurerReference: claim.insurerReference ?? '',
          note: claim.note ?? '',
        }
      : EMPTY,
  );
  const done = { onSuccess: () => (onDone(), void refreshAll()) };
  const create = useMutation(trpc.thirdPartyClaim.create.mutationOptions(done));
  const update = useMutation(trpc.thirdPartyClaim.update.mutationOptions(done));
  const error = create.error ?? update.error;
  const fields = errorDetails(error).fields;
  const text = (key: 'claimant' | 'insurerReference' | 'note', max: number) => (
    <label className="block text-sm">
      <span className="label">{t(`thirdPartyClaims.${key}`)}</span>
      <input className="input" value={draft[key]} maxLength={max} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} data-testid={`tpc-${key}`} />
      {fields[key] && <span className="text-xs text-red-700">{fields[key]}</span>}
    </label>
  );
  const date = (key: 'receivedOn' | 'insurerNotifiedOn') => (
    <label className="block text-sm">
      <span className="label">{t(`thirdPartyClaims.${key}`)}</span>
      <input type="date" className="input" value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} data-testid={`tpc-${key}`} />
      {fields[key] && <span className="text-xs text-red-700">{fields[key]}</span>}
    </label>
  );
  return (
    <form
      noValidate
      className="space-y-2 rounded border border-slate-200 bg-slate-50 p-3"
      onSubmit={(e) => {
        e.preventDefault();
        const values = {
          claimant: draft.claimant,
          receivedOn: draft.receivedOn,
          amountDemanded: draft.amountDemanded.trim() === '' ? null : (yenValue(draft.amountDemanded) ?? -1),
          insurerNotifiedOn: draft.insurerNotifiedOn || null,
          insurerReference: draft.insurerReference.trim() || null,
          note: draft.note.trim() || null,
        };
        if (claim) update.mutate({ id: claim.id, ...values });
        else create.mutate({ incidentId, ...values });
      }}
    >
      {text('claimant', 200)}
      {date('receivedOn')}
      <label className="block text-sm">
        <span className="label">{t('thirdPartyClaims.amountDemanded')}</span>
        <YenInput
          value={draft.amountDemanded}
          optional
          onChange={(amountDemanded) => setDraft({ ...draft, amountDemanded })}
          data-testid="tpc-amountDemanded"
        />
      </label>
      {date('insurerNotifiedOn')}
      {text('insurerReference', 100)}
      {text('note', 2000)}
      <SaveCancel pending={create.isPending || update.isPending} onCancel={onDone} testId="save-tpc" />
      <ErrorBanner message={errorDetails(error).message} />
    </form>
  );
}

export function ThirdPartyClaims({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const viewer = useViewer();
  // The claim being edited: its id, or 'new' while one is added.
  const [editing, setEditing] = useState<string | null>(null);
  const claims = useQuery(trpc.thirdPartyClaim.list.queryOptions({ incidentId }));
  const remove = useMutation(trpc.thirdPartyClaim.remove.mutationOptions({ onSuccess: () => void refreshAll() }));
  if (!claims.data) return null;
  return (
    <section className="card space-y-2" aria-labelledby="tpc-heading" data-testid="third-party-claims">
      <h2 id="tpc-heading" className="font-semibold">
        {t('thirdPartyClaims.title')}
      </h2>
      {claims.data.length === 0 && <p className="text-sm text-slate-600">{t('thirdPartyClaims.empty')}</p>}
      <ul className="space-y-2 text-sm">
        {claims.data.map((c) =>
          editing === c.id ? (
            <li key={c.id}>
              <ClaimForm incidentId={incidentId} claim={c} onDone={() => setEditing(null)} />
            </li>
          ) : (
            <li key={c.id} className="flex items-start justify-between gap-2" data-testid="tpc-row">
              <div className="min-w-0">
                <div className="font-medium break-words">{c.claimant}</div>
                <div className="text-xs text-slate-600">
                  {[
                    `${t('thirdPartyClaims.receivedOn')} ${formatDate(c.receivedOn, locale)}`,
                    c.amountDemanded !== null ? `${t('thirdPartyClaims.amountDemanded')} ${formatYen(c.amountDemanded)}` : null,
                    c.insurerNotifiedOn ? t('thirdPartyClaims.notified', { date: formatDate(c.insurerNotifiedOn, locale) }) : t('thirdPartyClaims.notNotified'),
                    c.insurerReference,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </div>
              </div>
              {viewer.canLog && (
                <div className="flex shrink-0 gap-1">
                  <button type="button" className="btn-secondary text-xs" onClick={() => setEditing(c.id)}>
                    {t('thirdPartyClaims.edit')}
                  </button>
                  {viewer.isFinance && (
                    <button type="button" className="btn-secondary text-xs" onClick={() => remove.mutate({ id: c.id })}>
                      {t('thirdPartyClaims.remove')}
                    </button>
                  )}
                </div>
              )}
            </li>
          ),
        )}
      </ul>
      {editing === 'new' && <ClaimForm incidentId={incidentId} onDone={() => setEditing(null)} />}
      {viewer.canLog && editing === null && (
        <button type="button" className="btn-secondary text-xs" onClick={() => setEditing('new')} data-testid="add-tpc">
          {t('thirdPartyClaims.add')}
        </button>
      )}
    </section>
  );
}
