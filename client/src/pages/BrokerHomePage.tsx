// The broker's home: every client that granted access, its incidents and submissions with status,
// totals and what awaits the broker, the waiting ones first.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CLAIM_STATUS_LABELS } from '../../../shared/claim-status.ts';
import { formatYen } from '../../../shared/money.ts';
import { formatDate, formatTimestamp, useLocale } from '../lib/format.ts';
import { errorDetails, trpc } from '../trpc.ts';

export function BrokerHomePage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const clients = useQuery({ ...trpc.broker.clients.queryOptions(), refetchInterval: 30_000 });
  if (clients.error) return <p role="alert">{errorDetails(clients.error).message}</p>;
  if (!clients.data) return <p>{t('common.loading')}</p>;

  return (
    <div className="space-y-6">
      <h1 className="text-lg font-semibold">{t('brokerHome.title')}</h1>
      {clients.data.length === 0 && <p className="card text-sm text-slate-600">{t('brokerHome.none')}</p>}
      {clients.data.map((client) => (
        <section key={client.companyId} className="card" data-testid="broker-client">
          <h2 className="mb-2 font-semibold">{client.companyName}</h2>
          {client.incidents.length === 0 && <p className="text-sm text-slate-600">{t('brokerHome.noIncidents')}</p>}
          <table className="stack-table w-full text-sm">
            <tbody>
              {[...client.incidents]
                .sort((a, b) => Number(b.awaiting.review) - Number(a.awaiting.review))
                .map((incident) => (
                  <tr key={incident.id} className="border-t border-slate-100 align-top" data-testid="broker-incident">
                    <td className="p-2">
                      <Link to={`/incidents/${incident.id}/claim`} className="font-medium text-sky-800 hover:underline">
                        {incident.title}
                      </Link>
                      <div className="text-xs text-slate-600">
                        {t('incident.discoveredOn')} {formatDate(incident.discoveredOn, locale)}
                      </div>
                    </td>
                    <td className="p-2">
                      <span className="text-xs text-slate-600">{t('claim.status')}: </span>
                      <span className="rounded bg-slate-100 px-2 py-0.5 text-xs" data-testid="broker-claim-status">
                        {CLAIM_STATUS_LABELS[incident.claimStatus][locale]}
                      </span>
                      <div className="mt-1 text-xs text-slate-600">
                        {incident.submittedVersion !== null
                          ? `${t('brokerHome.submittedVersion', { version: incident.submittedVersion })} · ${formatTimestamp(incident.submittedAt!, locale)}`
                          : incident.claimStatus !== 'draft' && !incident.submittedToMe
                            ? t('brokerHome.otherBroker')
                            : t('brokerHome.notSubmitted')}
                      </div>
                    </td>
                    <td className="p-2 md:text-right">
                      <div className="text-xs text-slate-600">{t('brokerHome.totalPayable')}</div>
                      <div className="tabular-nums">{formatYen(incident.totalPayable)}</div>
                      {incident.adjustedTotalPayable !== incident.totalPayable && (
                        <div className="text-xs text-amber-800">
                          {t('brokerHome.adjusted')} {formatYen(incident.adjustedTotalPayable)}
                        </div>
                      )}
                      {incident.settledAmount !== null && (
                        <div className="text-xs text-emerald-800">
                          {t('claim.settledAmount')} {formatYen(incident.settledAmount)}
                        </div>
                      )}
                    </td>
                    <td className="p-2">
                      {incident.awaiting.review && <span className="rounded bg-amber-100 px-2 py-0.5 text-xs text-amber-900">{t('brokerHome.awaiting')}</span>}
                      {incident.awaiting.unreviewedLines > 0 && (
                        <div className="text-xs">{t('brokerHome.unreviewed', { count: incident.awaiting.unreviewedLines })}</div>
                      )}
                      {incident.awaiting.answeredQueries > 0 && (
                        <div className="text-xs text-sky-800">{t('brokerHome.answered', { count: incident.awaiting.answeredQueries })}</div>
                      )}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  );
}
