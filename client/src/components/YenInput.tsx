// An amount field that reads 1234567, 1,234,567, ¥1,234,567, full-width digits, 123万 or 1.5万,
// and shows back the amount it understood before anything is saved.
import { forwardRef, type InputHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { formatYen, parseYen } from '../../../shared/money.ts';

/** The amount of a field, or undefined while it is empty or unreadable. */
export function yenValue(text: string): number | undefined {
  const parsed = parseYen(text);
  return parsed.ok ? parsed.value : undefined;
}

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> & {
  value: string;
  onChange: (text: string) => void;
  /** Show nothing for an empty field (for optional amounts). */
  optional?: boolean;
};

export const YenInput = forwardRef<HTMLInputElement, Props>(function YenInput({ value, onChange, optional, ...rest }, ref) {
  const { t } = useTranslation();
  const parsed = parseYen(value);
  const showError = !parsed.ok && !(optional && parsed.error === 'empty') && value.trim() !== '';
  return (
    <div>
      <input
        ref={ref}
        {...rest}
        className="input num"
        inputMode="text"
        autoComplete="off"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={showError}
      />
      <p className="mt-0.5 h-4 text-xs tabular-nums" aria-live="polite">
        {parsed.ok ? (
          <span className="text-slate-700" data-testid="yen-preview">
            = {formatYen(parsed.value)}
          </span>
        ) : showError ? (
          <span className="text-red-700">{t(`cost.parseErrors.${parsed.error}`)}</span>
        ) : null}
      </p>
    </div>
  );
});
