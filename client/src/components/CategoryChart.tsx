// Per-category bars (recharts): invoiced and paid, and what estimates add. Loaded lazily: recharts is
// the heaviest part of the client and the figures beside it are readable without it.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import type { CostCategory } from '../../../shared/categories.ts';
import { formatYen } from '../../../shared/money.ts';
import { useCategoryLabel } from '../lib/format.ts';

export interface CategoryRow {
  category: CostCategory;
  incurred: number;
  counted: number;
  projectedIncurred: number;
}

const compactYen = (value: number) => (value >= 10_000 ? `¥${(value / 10_000).toLocaleString('ja-JP')}万` : formatYen(value));

export default function CategoryChart({ rows }: { rows: CategoryRow[] }) {
  const { t } = useTranslation();
  const label = useCategoryLabel();
  const data = rows
    .filter((r) => r.projectedIncurred > 0)
    .map((r) => ({ name: label(r.category), claimed: r.incurred, estimates: r.projectedIncurred - r.incurred }));
  if (data.length === 0) return <p className="text-sm text-slate-500">{t('ledger.empty')}</p>;
  return (
    <ResponsiveContainer width="100%" height={40 + data.length * 44}>
      <BarChart data={data} layout="vertical" margin={{ left: 8, right: 24 }}>
        <CartesianGrid horizontal={false} strokeDasharray="3 3" />
        <XAxis type="number" tickFormatter={compactYen} fontSize={11} />
        <YAxis type="category" dataKey="name" width={180} fontSize={11} />
        <Tooltip formatter={(value) => formatYen(Number(value))} />
        <Legend />
        <Bar dataKey="claimed" name={t('dashboard.claimed')} stackId="a" fill="#0369a1" />
        <Bar dataKey="estimates" name={t('dashboard.estimates')} stackId="a" fill="#bae6fd" />
      </BarChart>
    </ResponsiveContainer>
  );
}
