// A <select> over a fixed list of codes (categories, stages, roles…), each shown by its label.
import type { SelectHTMLAttributes } from 'react';

type Props<T extends string> = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange'> & {
  options: readonly T[];
  value: T | '';
  /** With `emptyLabel`, choosing the empty option passes '' (a filter's setter accepts it). */
  onChange: (value: NoInfer<T>) => void;
  labelOf: (option: NoInfer<T>) => string;
  /** When given, an empty first option with this label (a filter's "all"). */
  emptyLabel?: string;
};

export function EnumSelect<T extends string>({ options, value, onChange, labelOf, emptyLabel, className = 'input', ...rest }: Props<T>) {
  return (
    <select {...rest} className={className} value={value} onChange={(e) => onChange(e.target.value as T)}>
      {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
      {options.map((option) => (
        <option key={option} value={option}>
          {labelOf(option)}
        </option>
      ))}
    </select>
  );
}
