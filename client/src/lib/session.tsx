// The signed-in user and the company being worked on (remembered per browser).
import { useQuery } from '@tanstack/react-query';
import { createContext, useContext, useState, type ReactNode } from 'react';
import { trpc } from '../trpc.ts';

const COMPANY_KEY = 'bct.company';

type Me = NonNullable<ReturnType<typeof useMeQuery>['data']>;
type Membership = Me['memberships'][number];

function useMeQuery() {
  return useQuery({ ...trpc.auth.me.queryOptions(), retry: false, staleTime: 60_000 });
}

interface SessionValue {
  me: Me;
  company: Membership;
  setCompanyId: (id: string) => void;
}

const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** Renders `signedOut` until the user is known to be signed in. */
export function SessionProvider({ children, signedOut, loading }: { children: ReactNode; signedOut: ReactNode; loading: ReactNode }) {
  const me = useMeQuery();
  const [companyId, setCompanyIdState] = useState(() => localStorage.getItem(COMPANY_KEY));
  if (me.isPending) return loading;
  if (!me.data || me.data.memberships.length === 0) return signedOut;
  const company = me.data.memberships.find((m) => m.companyId === companyId) ?? me.data.memberships[0];
  if (!company) return signedOut; // memberships is not empty here (checked above)
  const setCompanyId = (id: string) => {
    localStorage.setItem(COMPANY_KEY, id);
    setCompanyIdState(id);
  };
  return <SessionContext.Provider value={{ me: me.data, company, setCompanyId }}>{children}</SessionContext.Provider>;
}

/** What the signed-in user may do in the company they are working in; a broker only reads and reviews. */
export function useViewer() {
  const { company } = useSession();
  const isBroker = company.companyKind === 'broker';
  return {
    isBroker,
    canLog: !isBroker,
    isFinance: !isBroker && company.role !== 'responder',
    isAdmin: !isBroker && company.role === 'admin',
  };
}
