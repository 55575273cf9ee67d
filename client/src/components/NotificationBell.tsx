// The bell in the header: the unread count, and the list that opens under it. The count is polled,
// so a query from the broker or a late deadline shows up without reloading.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatTimestamp, useLocale } from '../lib/format.ts';
import { notificationText, type NotificationParams } from '../lib/notification-text.ts';
import { refreshAll, trpc } from '../trpc.ts';

function useNotificationText() {
  const { t } = useTranslation();
  const locale = useLocale();
  return (kind: string, p: NotificationParams) => notificationText(kind, p, locale, t);
}

function BellIcon() {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      width="18"
      height="18"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}

export function NotificationBell() {
  const { t } = useTranslation();
  const locale = useLocale();
  const [open, setOpen] = useState(false);
  const count = useQuery({ ...trpc.notification.unreadCount.queryOptions(), refetchInterval: 20_000 });
  const list = useQuery({ ...trpc.notification.list.queryOptions(), enabled: open });
  const markRead = useMutation(trpc.notification.markRead.mutationOptions({ onSuccess: () => void refreshAll() }));
  const text = useNotificationText();
  const unread = count.data?.unread ?? 0;
  const target = (n: { incidentId: string | null; costId: string | null; kind: string }) =>
    !n.incidentId
      ? '/'
      : n.costId
        ? `/incidents/${n.incidentId}/ledger?line=${n.costId}`
        : n.kind === 'status'
          ? `/incidents/${n.incidentId}/claim`
          : `/incidents/${n.incidentId}`;

  return (
    <div className="relative">
      <button
        type="button"
        className="btn-secondary relative"
        aria-label={unread ? `${t('nav.notifications')} ${unread} (${t('notifications.unread', { count: unread })})` : t('nav.notifications')}
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        data-testid="notification-bell"
      >
        <BellIcon />
        {unread > 0 && (
          <span className="absolute -right-1 -top-1 rounded-full bg-red-600 px-1.5 text-xs font-semibold text-white" data-testid="unread-count">
            {unread}
          </span>
        )}
      </button>
      {open && (
        <div
          className="absolute right-0 z-20 mt-1 w-96 max-w-[90vw] rounded border border-slate-200 bg-white shadow-lg"
          role="dialog"
          aria-label={t('notifications.title')}
        >
          <div className="flex items-center justify-between border-b border-slate-100 px-3 py-2">
            <span className="font-semibold">{t('notifications.title')}</span>
            {unread > 0 && (
              <button type="button" className="text-xs text-sky-800 hover:underline" onClick={() => markRead.mutate({})}>
                {t('notifications.markAllRead')}
              </button>
            )}
          </div>
          <ul className="max-h-96 overflow-y-auto text-sm" data-testid="notification-list">
            {list.data?.length === 0 && <li className="p-3 text-slate-500">{t('notifications.none')}</li>}
            {list.data?.map((n) => (
              <li key={n.id} className={`border-b border-slate-50 px-3 py-2 ${n.readAt ? 'text-slate-500' : 'bg-sky-50'}`}>
                <Link
                  to={target(n)}
                  className="hover:underline"
                  onClick={() => {
                    setOpen(false);
                    if (!n.readAt) markRead.mutate({ ids: [n.id] });
                  }}
                >
                  {text(n.kind, n.params)}
                </Link>
                <div className="text-xs text-slate-600">{formatTimestamp(n.createdAt, locale)}</div>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
