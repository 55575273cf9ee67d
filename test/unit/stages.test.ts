// Which stages a line may take and which count towards the claim (docs/rules.md §3, shared/categories.ts),
// for every category × stage: the table below is the rule written out, not derived from the code.
import { describe, expect, it } from 'vitest';
import {
  CLAIMED_STAGES,
  COST_CATEGORIES,
  COST_STAGES,
  countsOnBasis,
  PROJECTED_ONLY_STAGES,
  isClaimedStage,
  stagesOf,
  storedStage,
  type CostCategory,
  type CostStage,
} from '../../shared/categories.ts';

const NOT_DAMAGES = COST_CATEGORIES.filter((c) => c !== 'damages');

/** What each stage is stored as, and whether it is claimed: damages go demanded → agreed → paid. */
const DAMAGES: Record<CostStage, { stored: CostStage | null; claimed: boolean }> = {
  estimate: { stored: 'demanded', claimed: false }, // a script's old damages estimate is a demand (decision 018)
  invoiced: { stored: 'demanded', claimed: false }, // so is an old "invoiced" damages line
  demanded: { stored: 'demanded', claimed: false },
  agreed: { stored: 'agreed', claimed: true },
  paid: { stored: 'paid', claimed: true },
};
const OTHERS: Record<CostStage, { stored: CostStage | null; claimed: boolean }> = {
  estimate: { stored: 'estimate', claimed: false },
  invoiced: { stored: 'invoiced', claimed: true },
  paid: { stored: 'paid', claimed: true },
  demanded: { stored: null, claimed: false },
  agreed: { stored: null, claimed: false },
};

describe('stages per category', () => {
  it('stores every category × stage as the rules say, refusing demanded and agreed outside damages', () => {
    expect(COST_STAGES).toHaveLength(5);
    for (const stage of COST_STAGES) {
      expect(storedStage('damages', stage), `damages ${stage}`).toBe(DAMAGES[stage].stored);
      for (const category of NOT_DAMAGES) expect(storedStage(category, stage), `${category} ${stage}`).toBe(OTHERS[stage].stored);
    }
  });

  it('claims only invoiced or paid costs, and only agreed or paid damages', () => {
    for (const stage of COST_STAGES) {
      expect(isClaimedStage('damages', stage), `damages ${stage}`).toBe(DAMAGES[stage].claimed);
      for (const category of NOT_DAMAGES) expect(isClaimedStage(category, stage), `${category} ${stage}`).toBe(OTHERS[stage].claimed);
    }
  });

  it('counts every stage in the projection, the claimed ones in the claim', () => {
    for (const category of COST_CATEGORIES as readonly CostCategory[]) {
      for (const stage of COST_STAGES) {
        expect(countsOnBasis(category, stage, 'projected')).toBe(true);
        expect(countsOnBasis(category, stage, 'claimed')).toBe(isClaimedStage(category, stage));
      }
    }
  });

  it('names the stages a sum by stage may take as claimed whatever the category: invoiced, paid and agreed', () => {
    expect([...CLAIMED_STAGES].sort()).toEqual(['agreed', 'invoiced', 'paid']);
    expect([...PROJECTED_ONLY_STAGES].sort()).toEqual(['demanded', 'estimate']);
  });

  it('offers the stages in their order on the form', () => {
    expect(stagesOf('damages')).toEqual(['demanded', 'agreed', 'paid']);
    for (const category of NOT_DAMAGES) expect(stagesOf(category)).toEqual(['estimate', 'invoiced', 'paid']);
  });
});
