// The app router: one router per domain. The client imports only its type.
import { router } from '../trpc.ts';
import { auditRouter } from './audit.ts';
import { authRouter } from './auth.ts';
import { claimRouter } from './claim.ts';
import { companyRouter } from './company.ts';
import { costRouter } from './cost.ts';
import { incidentRouter } from './incident.ts';
import { policyRouter } from './policy.ts';

export const appRouter = router({
  auth: authRouter,
  company: companyRouter,
  policy: policyRouter,
  incident: incidentRouter,
  cost: costRouter,
  claim: claimRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
