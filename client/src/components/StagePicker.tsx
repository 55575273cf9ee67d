// A line's stage as a row of segments beside the save button: every stage the category takes is in view,
// the chosen one filled, so a line is never saved in a stage nobody looked at.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { CostStage } from '../../../shared/categories.ts';

interface Props {
  stages: readonly CostStage[];
  value: CostStage;
  onChange: (stage: CostStage) => void;
  error?: string;
}

export function StagePicker({ stages, value, onChange, error }: Props) {
  const { t } = useTranslation();
  const name = useId();
  return (
    <fieldset className="min-w-0" data-testid="stage-picker">
      <legend className="label">{t('cost.stage')}</legend>
      <div className="flex flex-wrap overflow-hidden rounded border border-slate-300 bg-white text-sm">
        {stages.map((stage, index) => (
          <label key={stage} className={`flex ${index > 0 ? 'border-l border-slate-300' : ''}`}>
            <input type="radio" className="peer sr-only" name={name} value={stage} checked={stage === value} onChange={() => onChange(stage)} />
            <span className="flex min-h-9 cursor-pointer items-center px-3 py-1 text-slate-700 peer-checked:bg-sky-700 peer-checked:font-medium peer-checked:text-white peer-focus-visible:ring-2 peer-focus-visible:ring-sky-400 peer-focus-visible:ring-inset hover:bg-slate-100 peer-checked:hover:bg-sky-800">
              {t(`cost.stages.${stage}`)}
            </span>
          </label>
        ))}
      </div>
      {error && (
        <p className="mt-0.5 text-xs text-red-700" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
