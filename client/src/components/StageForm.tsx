// Finance moves a line estimate → invoiced → paid (a damages line demanded → agreed → paid) on the day it
// really happened (the invoice's date, the settlement's, the payment's), not the day someone edited it.
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { stagesOf, type CostCategory, type CostStage } from '../../../shared/categories.ts';
import { todayInJapan } from '../../../shared/dates.ts';
import { errorDetails, refreshAll, trpc } from '../trpc.ts';
import { EnumSelect } from './EnumSelect.tsx';
import { ErrorBanner, Field, SaveCancel } from './Field.tsx';

const NEXT: Record<CostStage, CostStage> = { estimate: 'invoiced', invoiced: 'paid', paid: 'paid', demanded: 'agreed', agreed: 'paid' };

export function StageForm({ line, onDone }: { line: { id: string; category: CostCategory; stage: CostStage }; onDone(): void }) {
  const { t } = useTranslation();
  const [stage, setStage] = useState<CostStage>(NEXT[line.stage]);
  const [on, setOn] = useState(todayInJapan());
  const move = useMutation(trpc.cost.setStage.mutationOptions({ onSuccess: () => (onDone(), void refreshAll()) }));
  const { fields, banner } = errorDetails(move.error);
  return (
    <form className="flex max-w-2xl flex-wrap items-end gap-3" onSubmit={(e) => (e.preventDefault(), move.mutate({ id: line.id, stage, on }))}>
      <Field label={t('cost.stage')} htmlFor={`stage-${line.id}`}>
        <EnumSelect id={`stage-${line.id}`} options={stagesOf(line.category)} value={stage} onChange={setStage} labelOf={(s) => t(`cost.stages.${s}`)} />
      </Field>
      <Field label={t('stageDates.on')} htmlFor={`stage-on-${line.id}`} error={fields.on}>
        <input id={`stage-on-${line.id}`} type="date" className="input" value={on} onChange={(e) => setOn(e.target.value)} />
      </Field>
      <SaveCancel pending={move.isPending} onCancel={onDone} testId="save-stage" />
      <div className="w-full">
        <ErrorBanner message={banner} />
      </div>
    </form>
  );
}
