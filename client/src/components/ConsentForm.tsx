// Records the insurer's prior written consent for a line that needs it: condolence,
// consulting, defence costs and settlements (docs/rules.md, "Consent").
import type { LedgerItem } from '../lib/api-types.ts';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { todayInJapan } from '../../../shared/dates.ts';
import { errorDetails, refreshAll, trpc } from '../trpc.ts';
import { ErrorBanner, Field, SaveCancel } from './Field.tsx';

type Consent = Pick<LedgerItem, 'id' | 'consentOn' | 'consentReference' | 'consentGivenBy'>;

export function ConsentForm({ line, onDone }: { line: Consent; onDone: () => void }) {
  const { t } = useTranslation();
  const [consentOn, setConsentOn] = useState(line.consentOn ?? todayInJapan());
  const [reference, setReference] = useState(line.consentReference ?? '');
  const [givenBy, setGivenBy] = useState(line.consentGivenBy ?? '');
  const record = useMutation(trpc.cost.recordConsent.mutationOptions({ onSuccess: () => (onDone(), void refreshAll()) }));
  const { fields, banner } = errorDetails(record.error);
  return (
    <form className="max-w-3xl space-y-2" onSubmit={(e) => (e.preventDefault(), record.mutate({ id: line.id, consentOn, reference, givenBy }))}>
      <h3 className="text-sm font-semibold">{t('consent.title')}</h3>
      <div className="grid gap-2 sm:grid-cols-3">
        <Field label={t('consent.consentOn')} htmlFor={`consent-on-${line.id}`} error={fields.consentOn}>
          <input id={`consent-on-${line.id}`} type="date" className="input" value={consentOn} onChange={(e) => setConsentOn(e.target.value)} />
        </Field>
        <Field label={t('consent.reference')} htmlFor={`consent-ref-${line.id}`} error={fields.reference}>
          <input id={`consent-ref-${line.id}`} className="input" value={reference} onChange={(e) => setReference(e.target.value)} />
        </Field>
        <Field label={t('consent.givenBy')} htmlFor={`consent-by-${line.id}`} error={fields.givenBy}>
          <input id={`consent-by-${line.id}`} className="input" value={givenBy} onChange={(e) => setGivenBy(e.target.value)} />
        </Field>
      </div>
      <SaveCancel pending={record.isPending} onCancel={onDone} testId="save-consent" />
      <ErrorBanner message={banner} />
    </form>
  );
}
