// How many claim packages a company may have building at once. A package copies every receipt and is
// kept forever, and building one holds a core for seconds on a large ledger: without a limit, one member
// could start twenty at once and freeze the server for everyone (issue 13, docs/decisions/016).

/** One at a time per company: a second export waits for the first rather than racing it. */
export const EXPORTS_AT_ONCE_PER_COMPANY = 1;

/** Exports building now, per company. One server process serves a DATA_DIR, so memory is the right place. */
const building = new Map<string, number>();

/** Takes a slot for the company: answers the function that gives it back, or null when none is free. */
export function takeExportSlot(companyId: string): (() => void) | null {
  const now = building.get(companyId) ?? 0;
  if (now >= EXPORTS_AT_ONCE_PER_COMPANY) return null;
  building.set(companyId, now + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (building.get(companyId) ?? 1) - 1;
    if (left > 0) building.set(companyId, left);
    else building.delete(companyId);
  };
}
