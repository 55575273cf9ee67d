// The app router: one router per domain. The client imports only its type.
import { router } from '../trpc.ts';
import { attachmentRouter } from './attachment.ts';
import { auditRouter } from './audit.ts';
import { brokerRouter } from './broker.ts';
import { calendarRouter } from './calendar.ts';
import { notificationRouter } from './notification.ts';
import { reviewRouter } from './review.ts';
import { authRouter } from './auth.ts';
import { claimRouter } from './claim.ts';
import { companyRouter } from './company.ts';
import { costRouter } from './cost.ts';
import { costImportRouter } from './cost-import.ts';
import { documentRouter } from './document.ts';
import { incidentRouter } from './incident.ts';
import { incidentReportRouter } from './incident-report.ts';
import { journalRouter } from './journal.ts';
import { policyRouter } from './policy.ts';
import { thirdPartyClaimRouter } from './third-party-claim.ts';

export const appRouter = router({
  auth: authRouter,
  company: companyRouter,
  policy: policyRouter,
  incident: incidentRouter,
  incidentReport: incidentReportRouter,
  cost: costRouter,
  costImport: costImportRouter,
  claim: claimRouter,
  audit: auditRouter,
  attachment: attachmentRouter,
  document: documentRouter,
  review: reviewRouter,
  broker: brokerRouter,
  notification: notificationRouter,
  journal: journalRouter,
  thirdPartyClaim: thirdPartyClaimRouter,
  calendar: calendarRouter,
});

export type AppRouter = typeof appRouter;
