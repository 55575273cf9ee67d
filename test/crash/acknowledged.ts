// What the server acknowledged across all rounds of the crash test: what every restart must still hold.
import type { CostCategory, CostStage } from '../../shared/categories.ts';
import { MAX_CLIENTS } from './round-plan.ts';

export interface Line {
  category: CostCategory;
  stage: CostStage;
  incurredOn: string;
  amount: number;
  vendor: string;
  /** `crash:r<round>:w<writer>:<n>`: names the line for good (edits keep it), so a line is found without its id. */
  description: string;
}
export interface ExpectedLine extends Line {
  id: string;
  version: number;
}
export type InFlight = { kind: 'create'; writer: number; line: Line } | { kind: 'update'; writer: number; id: string; fromVersion: number; line: Line };

export interface Acknowledged {
  expected: Map<string, ExpectedLine>;
  /** Each writer edits only the lines it created, one request at a time: its edits never conflict. */
  owned: string[][];
  incidents: Set<string>;
  /** Uploads answered 201: their import row must exist. */
  uploadedImports: Set<string>;
  /** Commits answered: import id → line count. */
  imports: Map<string, number>;
  packages: Set<string>;
}

export function nothingAcknowledged(): Acknowledged {
  return {
    expected: new Map(),
    owned: Array.from({ length: MAX_CLIENTS }, () => []),
    incidents: new Set(),
    uploadedImports: new Set(),
    imports: new Map(),
    packages: new Set(),
  };
}
