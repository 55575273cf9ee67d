// An admin's view of the company's members: invite by link, change roles, remove.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../../../shared/categories.ts';
import { BrokerAccess } from '../components/BrokerAccess.tsx';
import { EnumSelect } from '../components/EnumSelect.tsx';
import { ErrorBanner, Field } from '../components/Field.tsx';
import { formatTimestamp, useLocale } from '../lib/format.ts';
import { useSession } from '../lib/session.tsx';
import { errorDetails, refreshAll, trpc } from '../trpc.ts';

export function MembersPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { company, me } = useSession();
  const companyId = company.companyId;
  const members = useQuery(trpc.company.members.queryOptions({ companyId }));
  const [role, setRole] = useState<Role>('responder');
  const [email, setEmail] = useState('');
  const [link, setLink] = useState<string | null>(null);
  const invite = useMutation(
    trpc.company.invite.mutationOptions({ onSuccess: (r) => (setLink(`${window.location.origin}${r.invitePath}`), void refreshAll()) }),
  );
  const changeRole = useMutation(trpc.company.changeRole.mutationOptions({ onSuccess: () => void refreshAll() }));
  const remove = useMutation(trpc.company.removeMember.mutationOptions({ onSuccess: () => void refreshAll() }));
  const error = invite.error ?? changeRole.error ?? remove.error;

  return (
    <div className="space-y-6">
      <h1 className="text-lg font-semibold">{t('members.title')}</h1>
      <ErrorBanner message={errorDetails(error).message} />
      {/* One card per member on a phone (styles.css: stack-table). */}
      <table className="stack-table w-full text-sm md:bg-white">
        <tbody>
          {members.data?.members.map((m) => (
            <tr key={m.userId} className="border-t border-slate-100">
              <td className="p-2 font-medium md:font-normal">{m.name}</td>
              <td className="p-2 break-all">{m.email}</td>
              <td className="p-2">
                <EnumSelect
                  className="input w-auto"
                  aria-label={t('members.role')}
                  options={ROLES}
                  value={m.role}
                  onChange={(r) => changeRole.mutate({ companyId, userId: m.userId, role: r })}
                  labelOf={(r) => t(`roles.${r}`)}
                />
              </td>
              <td className="p-2">
                {m.userId !== me.userId && (
                  <button type="button" className="btn-danger" onClick={() => remove.mutate({ companyId, userId: m.userId })}>
                    {t('members.remove')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <form
        noValidate
        className="card max-w-xl space-y-3"
        onSubmit={(e) => (e.preventDefault(), invite.mutate({ companyId, role, email: email || undefined }))}
      >
        <h2 className="font-semibold">{t('members.invite')}</h2>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label={t('auth.email')} htmlFor="invite-member-email" hint={t('common.optional')}>
            <input id="invite-member-email" type="email" className="input" value={email} onChange={(e) => setEmail(e.target.value)} />
          </Field>
          <Field label={t('members.role')} htmlFor="invite-member-role">
            <EnumSelect id="invite-member-role" options={ROLES} value={role} onChange={setRole} labelOf={(r) => t(`roles.${r}`)} />
          </Field>
        </div>
        <button className="btn" disabled={invite.isPending}>
          {t('members.invite')}
        </button>
        {link && (
          <div className="rounded border border-emerald-300 bg-emerald-50 p-2 text-sm">
            <p>{t('members.inviteLink')}</p>
            <input className="input mt-1 font-mono text-xs" readOnly value={link} onFocus={(e) => e.target.select()} data-testid="invite-link" />
          </div>
        )}
      </form>

      {company.companyKind === 'policyholder' && <BrokerAccess companyId={companyId} />}

      {members.data && members.data.pendingInvitations.length > 0 && (
        <section>
          <h2 className="mb-2 font-semibold">{t('members.pending')}</h2>
          <ul className="text-sm">
            {members.data.pendingInvitations.map((i) => (
              <li key={i.id}>
                {t(`roles.${i.role}`)} {i.email ?? ''} · {t('members.expires')} {formatTimestamp(i.expiresAt, locale)}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
