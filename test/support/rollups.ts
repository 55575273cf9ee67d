// The ledger's rollups (cost_rollups, kept by triggers) beside the same sums recomputed from the live
// lines: equal after every write, and after every crash. One incident, or every incident when none given.
import type Database from 'better-sqlite3';

const GROUP_KEY = 'incident_id, category, stage, COALESCE(unit_amount, -1)';

export function recomputedRollups(sqlite: Database.Database, incidentId?: string): unknown[] {
  return sqlite
    .prepare(
      `SELECT incident_id AS incidentId, category, stage, COALESCE(unit_amount, -1) AS unitKey, COUNT(*) AS lineCount, SUM(amount) AS amount,
              COALESCE(SUM(quantity), 0) AS quantity, SUM(incurred_abroad) AS abroad,
              SUM(review_decision IS 'disallow') AS disallowedCount,
              SUM(CASE WHEN review_decision IS 'disallow' THEN amount ELSE 0 END) AS disallowedAmount,
              SUM(CASE WHEN review_decision IS 'disallow' THEN COALESCE(quantity, 0) ELSE 0 END) AS disallowedQuantity,
              SUM(consent_on IS NULL AND category IN ('condolence', 'consulting')) AS consentMissing,
              SUM(approved_at IS NULL AND stage <> 'estimate') AS unapproved
         FROM costs WHERE deleted_at IS NULL ${incidentId ? 'AND incident_id = ?' : ''}
        GROUP BY ${GROUP_KEY} ORDER BY incidentId, category, stage, unitKey`,
    )
    .all(...(incidentId ? [incidentId] : []));
}

export function storedRollups(sqlite: Database.Database, incidentId?: string): unknown[] {
  return sqlite
    .prepare(
      `SELECT incident_id AS incidentId, category, stage, unit_key AS unitKey, line_count AS lineCount, amount, quantity, abroad,
              disallowed_count AS disallowedCount, disallowed_amount AS disallowedAmount, disallowed_quantity AS disallowedQuantity,
              consent_missing AS consentMissing, unapproved
         FROM cost_rollups WHERE line_count > 0 ${incidentId ? 'AND incident_id = ?' : ''} ORDER BY incidentId, category, stage, unitKey`,
    )
    .all(...(incidentId ? [incidentId] : []));
}
