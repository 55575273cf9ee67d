// tRPC's server-side caller, for tests whose subject is a rule rather than HTTP: the same procedures with
// the same authorisation and typed inputs and outputs, without a request or a cookie.
import { createContextInner, loadSessionUser } from '../../server/context.ts';
import { appRouter } from '../../server/routers/_app.ts';
import type { TestServer } from './server.ts';

export type Caller = ReturnType<typeof appRouter.createCaller>;

/** The procedures as `userId` calls them (a user signed up through the API, so its memberships are real). */
export async function callerAs(server: TestServer, userId: string): Promise<Caller> {
  const user = await loadSessionUser(server.db, userId);
  if (!user) throw new Error(`no live user ${userId}`);
  return appRouter.createCaller(createContextInner({ db: server.db, storage: server.storage, user }));
}
