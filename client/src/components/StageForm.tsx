// Finance moves a line estimate → invoiced → paid (a damages line demanded → agreed → paid) on the day it
// really happened (the invoice's date, the settlement's, the payment's), not the day someone edited it. A day
// before the line's own date, before the incident or after today is asked about once before it is recorded.
import type { LedgerItem } from '../lib/api-types.ts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { stagesOf, type CostStage } from '../../../shared/categories.ts';
import { todayInJapan } from '../../../shared/dates.ts';
import { askKey, plausibilityAsks, unansweredAsks, type PlausibilityAsk } from '../../../shared/plausibility.ts';
import type { StageDateField } from '../../../shared/stage-date-fields.ts';
import { useStateFor } from '../lib/state-for.ts';
import { errorDetails, refreshAll, trpc } from '../trpc.ts';
import { EnumSelect } from './EnumSelect.tsx';
import { ErrorBanner, Field, SaveCancel } from './Field.tsx';
import { PlausibilityAskPanel } from './PlausibilityAsk.tsx';

const NEXT: Record<CostStage, CostStage> = { estimate: 'invoiced', invoiced: 'paid', paid: 'paid', demanded: 'agreed', agreed: 'paid' };

/** The date a move records: the invoice's, the settlement's or the payment's (none for an estimate or a demand). */
const RECORDED_AS: Partial<Record<CostStage, StageDateField>> = { invoiced: 'invoicedOn', agreed: 'agreedOn', paid: 'paidOn' };

type Line = Pick<LedgerItem, 'id' | 'incidentId' | 'category' | 'stage' | 'incurredOn'>;

export function StageForm({ line, onDone }: { line: Line; onDone: () => void }) {
  const { t } = useTranslation();
  const [stage, setStage] = useState<CostStage>(NEXT[line.stage]);
  const [on, setOn] = useState(todayInJapan());
  // A question about a value the user has since changed is no longer the question.
  const [asking, setAsking] = useStateFor<PlausibilityAsk[]>(JSON.stringify([stage, on]));
  const answered = useRef(new Set<string>());
  const form = useRef<HTMLFormElement>(null);
  const incident = useQuery(trpc.incident.get.queryOptions({ id: line.incidentId }));
  const move = useMutation(trpc.cost.setStage.mutationOptions({ onSuccess: () => (onDone(), void refreshAll()) }));
  const { fields, banner } = errorDetails(move.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (move.isPending) return;
    const field = RECORDED_AS[stage];
    const context = { occurredOn: incident.data?.occurredOn ?? null, largestAmount: null, today: todayInJapan() };
    const asks = field
      ? unansweredAsks(plausibilityAsks({ amount: null, incurredOn: line.incurredOn, stageDates: { [field]: on } }, context), answered.current)
      : [];
    // The line's own date was looked at when it was logged: only the day being recorded is asked about.
    const mine = asks.filter(
      (ask) => ask.kind !== 'zero_amount' && ask.kind !== 'large_amount' && ask.kind !== 'far_above_others' && ask.field !== 'incurredOn',
    );
    if (mine.length > 0) {
      setAsking(mine);
      return;
    }
    move.mutate({ id: line.id, stage, on });
  };

  return (
    <form ref={form} noValidate className="max-w-2xl space-y-2" onSubmit={submit} aria-label={t('stageDates.move')}>
      <div className="flex flex-wrap items-end gap-3">
        <Field label={t('cost.stage')} htmlFor={`stage-${line.id}`}>
          <EnumSelect id={`stage-${line.id}`} options={stagesOf(line.category)} value={stage} onChange={setStage} labelOf={(s) => t(`cost.stages.${s}`)} />
        </Field>
        <Field label={t('stageDates.on')} htmlFor={`stage-on-${line.id}`} error={fields.on}>
          <input id={`stage-on-${line.id}`} type="date" className="input" value={on} onChange={(e) => setOn(e.target.value)} />
        </Field>
        <SaveCancel pending={move.isPending} onCancel={onDone} testId="save-stage" />
      </div>
      {asking && (
        <PlausibilityAskPanel
          asks={asking}
          onKeep={() => {
            for (const ask of asking) answered.current.add(askKey(ask));
            setAsking(null);
            form.current?.requestSubmit();
          }}
          onFix={() => {
            setAsking(null);
            const input = document.getElementById(`stage-on-${line.id}`) as HTMLInputElement | null;
            input?.focus();
          }}
        />
      )}
      <ErrorBanner message={banner} />
    </form>
  );
}
