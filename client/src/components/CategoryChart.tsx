// Per-category bars (recharts): invoiced and paid, and what estimates add. Loaded lazily: recharts is
// the heaviest part of the client and the figures beside it are readable without it.
import type { ClaimSummary } from '../lib/api-types.ts';
import { useLayoutEffect, useRef, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import { formatYen } from '../../../shared/money.ts';
import { formatYenTick, wrapLabel, yenTicks } from '../lib/chart-axis.ts';
import { useCategoryLabel, useLocale } from '../lib/format.ts';

export type CategoryRow = Pick<ClaimSummary['byCategory'][number], 'category' | 'incurred' | 'counted' | 'projectedIncurred'>;

const FONT_SIZE = 11;
const LINE_HEIGHT = 13;
const ROW_HEIGHT = 48;

/** The chart's own width, followed as the window changes (recharts draws at a fixed size). */
function useWidth() {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setWidth(Math.floor(element.getBoundingClientRect().width));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
}

/** A category name on the axis: wrapped onto up to three lines, the full name in its title. */
function CategoryTick({ x, y, payload, labelWidth }: { x?: number; y?: number; payload?: { value: string }; labelWidth: number }) {
  const name = payload?.value ?? '';
  const lines = wrapLabel(name, labelWidth / FONT_SIZE, 3);
  const top = (y ?? 0) - ((lines.length - 1) * LINE_HEIGHT) / 2;
  return (
    <g>
      <title>{name}</title>
      <text x={x} y={top} textAnchor="end" fontSize={FONT_SIZE} fill="#334155" dominantBaseline="middle">
        {lines.map((line, i) => (
          <tspan key={i} x={x} dy={i === 0 ? 0 : LINE_HEIGHT}>
            {line}
          </tspan>
        ))}
      </text>
    </g>
  );
}

export default function CategoryChart({ rows }: { rows: CategoryRow[] }) {
  const { t } = useTranslation();
  const label = useCategoryLabel();
  const locale = useLocale();
  const { ref, width } = useWidth();
  const data = rows
    .filter((r) => r.projectedIncurred > 0)
    .map((r) => ({ name: label(r.category), claimed: r.incurred, estimates: r.projectedIncurred - r.incurred }));
  if (data.length === 0) return <p className="text-sm text-slate-600">{t('ledger.empty')}</p>;
  // On a phone the names take two fifths of the width (the longest Japanese name in two lines), up to 200 px.
  const labelWidth = Math.max(90, Math.min(200, Math.floor(width * 0.4)));
  const ticks = yenTicks(Math.max(...data.map((d) => d.claimed + d.estimates)), width < 480 ? 3 : 5);
  const height = 48 + data.length * ROW_HEIGHT;
  return (
    <div ref={ref} className="w-full" style={{ height }} data-testid="category-chart">
      {width > 0 && (
        <BarChart width={width} height={height} data={data} layout="vertical" margin={{ left: 4, right: 24, top: 4, bottom: 4 }}>
          <CartesianGrid horizontal={false} strokeDasharray="3 3" />
          <XAxis
            type="number"
            ticks={ticks}
            domain={[0, ticks[ticks.length - 1] ?? 'auto']}
            tickFormatter={(v: number) => formatYenTick(v, locale)}
            fontSize={FONT_SIZE}
            tick={{ fill: '#334155' }}
          />
          <YAxis type="category" dataKey="name" width={labelWidth + 8} interval={0} tick={<CategoryTick labelWidth={labelWidth} />} />
          <Tooltip formatter={(value) => formatYen(Number(value))} />
          {/* The legend's words in the text colour: the pale estimate colour is for the bar, not for reading. */}
          <Legend formatter={(value: string) => <span className="text-sm text-slate-700">{value}</span>} />
          <Bar dataKey="claimed" name={t('dashboard.claimed')} stackId="a" fill="#0369a1" isAnimationActive={false} />
          <Bar dataKey="estimates" name={t('dashboard.estimates')} stackId="a" fill="#7dd3fc" isAnimationActive={false} />
        </BarChart>
      )}
    </div>
  );
}
