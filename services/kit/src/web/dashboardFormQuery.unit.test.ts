import { describe, expect, it } from 'vitest';
import { dashboardFormQuery } from './dashboardFormQuery.js';

const AREAS = ['trafford', 'stoke'];

describe('dashboardFormQuery', () => {
  it('defaults to the seven London days to today, over all the caller’s areas', () => {
    const form = dashboardFormQuery({}, AREAS, '2026-03-15T09:00:00.000Z');
    expect(form.values).toEqual({ from: '2026-03-09', to: '2026-03-15', area: '' });
    expect(form.problems).toEqual([]);
    expect(form.query).toEqual({
      from: '2026-03-09T00:00:00.000Z',
      to: '2026-03-16T00:00:00.000Z',
      areas: AREAS,
    });
  });

  it('reads the dates as London midnights, in British Summer Time and across the clock change', () => {
    const form = dashboardFormQuery(
      { from: '2026-03-28', to: '2026-06-01', area: 'stoke' },
      AREAS,
      '2026-07-01T00:00:00Z',
    );
    // 28 March is GMT; the day after 1 June starts at 23:00 UTC on 1 June (BST).
    expect(form.query).toEqual({
      from: '2026-03-28T00:00:00.000Z',
      to: '2026-06-01T23:00:00.000Z',
      areas: ['stoke'],
    });
  });

  it('names each field with a problem: not a date, backwards, longer than 92 days, an area not the caller’s', () => {
    const now = '2026-03-15T09:00:00.000Z';
    expect(
      dashboardFormQuery({ from: '2026-02-30', to: 'x' }, AREAS, now).problems.map((p) => p.path),
    ).toEqual(['from', 'to']);
    expect(dashboardFormQuery({ from: '2026-03-08', to: '2026-03-01' }, AREAS, now).problems).toEqual([
      { path: 'to', code: 'INVALID', message: 'must be on or after the start date' },
    ]);
    expect(dashboardFormQuery({ from: '2026-01-01', to: '2026-04-02' }, AREAS, now).problems).toEqual([]);
    expect(
      dashboardFormQuery({ from: '2026-01-01', to: '2026-04-03' }, AREAS, now).problems.map((p) => p.path),
    ).toEqual(['to']);
    expect(dashboardFormQuery({ area: 'kent' }, AREAS, now).problems).toEqual([
      { path: 'area', code: 'NOT_YOURS', message: 'must be one of your areas' },
    ]);
  });
});
