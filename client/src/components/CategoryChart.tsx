// Per-category bars (recharts): invoiced and paid, and what estimates add. Loaded lazily: recharts is
// the heaviest part of the client and the figures beside it are readable without it.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import type { CostCategory } from '../../../shared/categories.ts';
import { formatYen } from '../../../shared/money.ts';
import { useCategoryLabel, useLocale } from '../lib/format.ts';

export interface CategoryRow {
  category: CostCategory;
  incurred: number;
  counted: number;
  projectedIncurred: number;
}

/** Axis ticks: 万 in Japanese, millions in English (the exact figures are in the table below). */
function compactYen(value: number, locale: 'ja' | 'en'): string {
  if (locale === 'ja') return value >= 10_000 ? `¥${(value / 10_000).toLocaleString('ja-JP')}万` : formatYen(value);
  return value >= 1_000_000 ? `¥${(value / 1_000_000).toLocaleString('en-US')}M` : formatYen(value);
}

export default function CategoryChart({ rows }: { rows: CategoryRow[] }) {
  const { t } = useTranslation();
  const label = useCategoryLabel();
  const locale = useLocale();
  const data = rows
    .filter((r) => r.projectedIncurred > 0)
    .map((r) => ({ name: label(r.category), claimed: r.incurred, estimates: r.projectedIncurred - r.incurred }));
  if (data.length === 0) return <p className="text-sm text-slate-500">{t('ledger.empty')}</p>;
  return (
    <ResponsiveContainer width="100%" height={40 + data.length * 44}>
      <BarChart data={data} layout="vertical" margin={{ left: 8, right: 24 }}>
        <CartesianGrid horizontal={false} strokeDasharray="3 3" />
        <XAxis type="number" tickFormatter={(v: number) => compactYen(v, locale)} fontSize={11} />
        <YAxis type="category" dataKey="name" width={180} fontSize={11} />
        <Tooltip formatter={(value) => formatYen(Number(value))} />
        <Legend />
        <Bar dataKey="claimed" name={t('dashboard.claimed')} stackId="a" fill="#0369a1" isAnimationActive={false} />
        <Bar dataKey="estimates" name={t('dashboard.estimates')} stackId="a" fill="#bae6fd" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
