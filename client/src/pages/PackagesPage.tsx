// The claim package: export the ledger as it stands into a new frozen version, and every version
// exported so far with who made it, its totals and its fingerprint.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../shared/categories.ts';
import { ErrorBanner } from '../components/Field.tsx';
import { isPreflightChanged, PreflightList, usePreflightConfirmation } from '../components/PreflightList.tsx';
import { formatTimestamp, formatYen, useLocale } from '../lib/format.ts';
import { formatBytes } from '../lib/upload.ts';
import { useViewer } from '../lib/session.tsx';
import { errorDetails, refreshAll, trpc } from '../trpc.ts';
import { IncidentPage } from './IncidentNav.tsx';

export const PackagesPage = () => <IncidentPage content={Packages} />;

/** `listedIds`: the versions listed when the export was asked for; an answer among them was not made anew. */
function ExportForm({ incidentId, listedIds }: { incidentId: string; listedIds: string[] }) {
  const { t } = useTranslation();
  const [locale, setLocale] = useState<Locale>(useLocale());
  const [listedBefore, setListedBefore] = useState<string[]>([]);
  const preflight = useQuery(trpc.claim.preflight.queryOptions({ incidentId }));
  const items = preflight.data?.items;
  const keys = items?.map((item) => item.key);
  const confirmation = usePreflightConfirmation(keys);
  const exported = useMutation(
    trpc.claim.export.mutationOptions({
      // Stays pending until the lists are fetched again, so the message and the new version's row appear together.
      onSuccess: () => refreshAll(),
      // The list changed between showing and confirming: show the new one, to be confirmed again.
      onError: (error) => void (isPreflightChanged(error) && preflight.refetch()),
    }),
  );
  const unchanged = exported.data !== undefined && listedBefore.includes(exported.data.packageId);
  const submit = () => {
    if (!confirmation.ready || !keys) return;
    setListedBefore(listedIds);
    exported.mutate({ incidentId, locale, acknowledged: keys });
  };
  return (
    <form className="space-y-3" onSubmit={(e) => (e.preventDefault(), submit())}>
      <PreflightList
        id="export-preflight"
        incidentId={incidentId}
        items={items}
        intro={t('preflight.intro')}
        confirmLabel={t('preflight.confirmExport')}
        confirmed={confirmation.confirmed}
        onConfirm={confirmation.setConfirmed}
      />
      <div className="flex flex-wrap items-end gap-3">
        <label className="text-sm">
          <span className="label">{t('packages.language')}</span>
          <select className="input" value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
            <option value="ja">日本語</option>
            <option value="en">English</option>
          </select>
        </label>
        <button className="btn" disabled={exported.isPending || !confirmation.ready} data-testid="export-package">
          {exported.isPending ? t('packages.exporting') : t('packages.export')}
        </button>
        {exported.data && (
          <p className="text-sm text-emerald-800" role="status">
            {t(unchanged ? 'packages.unchanged' : 'packages.exported', { version: exported.data.version })}
          </p>
        )}
      </div>
      <ErrorBanner
        message={isPreflightChanged(exported.error) ? t('preflight.changed') : (errorDetails(exported.error).message ?? errorDetails(preflight.error).message)}
      />
    </form>
  );
}

function Packages({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { isFinance } = useViewer();
  const versions = useQuery(trpc.claim.packages.queryOptions({ incidentId }));
  return (
    <div className="space-y-4">
      <section className="card space-y-2">
        <h2 className="font-semibold">{t('packages.title')}</h2>
        <p className="text-sm text-slate-600">{t('packages.explain')}</p>
        {isFinance ? (
          <ExportForm incidentId={incidentId} listedIds={versions.data?.map((p) => p.id) ?? []} />
        ) : (
          <p className="text-sm text-slate-500">{t('packages.financeOnly')}</p>
        )}
      </section>
      <section className="card">
        <h2 className="mb-2 font-semibold">{t('packages.versions')}</h2>
        <ErrorBanner message={errorDetails(versions.error).message} />
        {versions.data?.length === 0 && <p className="text-sm text-slate-500">{t('packages.none')}</p>}
        {versions.data && versions.data.length > 0 && (
          <div className="relative overflow-x-auto" tabIndex={0} role="region" aria-label={t('packages.versions')} data-scroll-x="package-versions">
            <table className="w-full text-sm" data-testid="package-versions">
              <thead className="text-left text-xs text-slate-500">
                <tr>
                  <th className="px-2 py-1">{t('packages.version')}</th>
                  <th className="px-2 py-1">{t('packages.createdAt')}</th>
                  <th className="px-2 py-1">{t('packages.createdBy')}</th>
                  <th className="px-2 py-1 num">{t('packages.claimed')}</th>
                  <th className="px-2 py-1 num">{t('dashboard.totalPayable')}</th>
                  <th className="px-2 py-1">SHA-256</th>
                  <th className="px-2 py-1">
                    <span className="sr-only">{t('upload.download')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {versions.data.map((p) => (
                  <tr key={p.id} className="border-t border-slate-100" data-testid="package-version">
                    {/* A version, a time and a name are never broken across lines; the table scrolls sideways instead. */}
                    <td className="whitespace-nowrap px-2 py-1.5 font-medium">{t('packages.versionN', { version: p.version })}</td>
                    <td className="whitespace-nowrap px-2 py-1.5">{formatTimestamp(p.createdAt, locale)}</td>
                    <td className="whitespace-nowrap px-2 py-1.5">{p.createdByName}</td>
                    <td className="px-2 py-1.5 num">{formatYen(p.totals.claimedAmount)}</td>
                    <td className="px-2 py-1.5 num font-medium">{formatYen(p.totals.totalPayable)}</td>
                    <td className="px-2 py-1.5 font-mono text-xs" title={p.sha256 ?? ''}>
                      {p.sha256?.slice(0, 12)}…
                    </td>
                    <td className="px-2 py-1.5 text-right">
                      <a className="btn-secondary px-2 py-0.5 text-xs" href={p.downloadUrl} download>
                        {t('upload.download')} ({formatBytes(p.size ?? 0)}, {p.locale === 'ja' ? '日本語' : 'English'})
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
