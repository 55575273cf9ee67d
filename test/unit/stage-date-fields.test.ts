// The dates each stage carries (shared/stage-date-fields.ts) are those a stage move sets
// (server/ledger/stage-dates.ts): what the edit form shows and cost.update accepts is what the ledger keeps.
import { describe, expect, it } from 'vitest';
import { COST_CATEGORIES, stagesOf } from '../../shared/categories.ts';
import { givenStageDates, STAGE_DATE_FIELDS, stageDateFields } from '../../shared/stage-date-fields.ts';
import { datesForStage } from '../../server/ledger/stage-dates.ts';

describe('stage dates', () => {
  it('names the dates a move sets, for every category and stage', () => {
    for (const category of COST_CATEGORIES) {
      for (const stage of stagesOf(category)) {
        const fromEstimate = datesForStage(category, stage, { stage: 'estimate', invoicedOn: null, agreedOn: null, paidOn: null }, '2026-06-01', true);
        const set = STAGE_DATE_FIELDS.filter((field) => fromEstimate[field] !== null);
        expect(stageDateFields(category, stage), `${category} ${stage}`).toEqual(set);
      }
    }
  });

  it('writes the table out: a paid cost was invoiced, paid damages were agreed', () => {
    expect(stageDateFields('investigation', 'estimate')).toEqual([]);
    expect(stageDateFields('investigation', 'invoiced')).toEqual(['invoicedOn']);
    expect(stageDateFields('investigation', 'paid')).toEqual(['invoicedOn', 'paidOn']);
    expect(stageDateFields('damages', 'demanded')).toEqual([]);
    expect(stageDateFields('damages', 'agreed')).toEqual(['agreedOn']);
    expect(stageDateFields('damages', 'paid')).toEqual(['agreedOn', 'paidOn']);
  });

  it('picks only the dates an input gives', () => {
    expect(givenStageDates({ paidOn: '2026-07-01' })).toEqual({ paidOn: '2026-07-01' });
    expect(givenStageDates({})).toEqual({});
  });
});
