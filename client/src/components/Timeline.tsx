// The incident's events in order: what happened, what was reported, the packages and the claim's moves.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { CLAIM_STATUS_LABELS, type ClaimStatus } from '../../../shared/claim-status.ts';
import { formatYen } from '../../../shared/money.ts';
import { formatDate, useLocale } from '../lib/format.ts';
import { trpc } from '../trpc.ts';

export function Timeline({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const timeline = useQuery(trpc.incident.timeline.queryOptions({ id: incidentId }));
  if (!timeline.data) return null;
  const describe = (e: (typeof timeline.data)[number]): string => {
    switch (e.kind) {
      case 'fact':
        return t(`timeline.${e.fact}`, { amount: formatYen(e.amount ?? 0) });
      case 'third_party_claim':
        return t(e.event === 'received' ? 'timeline.claim_received' : 'timeline.claim_insurer_notified', { claimant: e.claimant });
      case 'first_cost':
        return t('timeline.first_cost');
      case 'package':
        return t('timeline.package', { version: e.version, name: e.actorName });
      case 'claim': {
        const status = CLAIM_STATUS_LABELS[e.to as ClaimStatus][locale];
        const text =
          e.version !== null
            ? t('timeline.claimVersion', { status, version: e.version, name: e.actorName })
            : t('timeline.claim', { status, name: e.actorName });
        return [text, e.amount !== null ? formatYen(e.amount) : null, e.note].filter(Boolean).join(' — ');
      }
    }
  };
  return (
    <section className="card" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading" className="mb-2 font-semibold">
        {t('timeline.title')}
      </h2>
      <ol className="relative space-y-2 border-l border-slate-200 pl-4 text-sm" data-testid="timeline">
        {timeline.data.map((e, i) => (
          <li key={i} className="relative">
            <span className="absolute -left-[1.3rem] top-1.5 h-2 w-2 rounded-full bg-sky-600" />
            <span className="mr-2 text-xs tabular-nums text-slate-600">{formatDate(e.on, locale)}</span>
            {describe(e)}
          </li>
        ))}
      </ol>
    </section>
  );
}
