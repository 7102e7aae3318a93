import { describe, expect, it } from 'vitest';
import { bankHolidaysOf, ENGLAND_AND_WALES, ENGLAND_AND_WALES_CHANGES } from './bankHolidays.js';
import { decideCarePlan, decideIncident } from './decide.js';
import { maracDue, within24Hours, withinHours, withinWorkingDays } from './deadlines.js';
import { loadArea } from './loadArea.js';
import { MemoryHistory } from './MemoryHistory.js';
import { incident } from './testing/fixtures.js';

const holidays = (year: number) => [...bankHolidaysOf(year, ENGLAND_AND_WALES_CHANGES)].sort();

describe('bank holidays of England and Wales as published on GOV.UK (docs/domain/deadlines.md)', () => {
  it.each<[number, string[]]>([
    [2020, ['01-01', '04-10', '04-13', '05-08', '05-25', '08-31', '12-25', '12-28']],
    [2021, ['01-01', '04-02', '04-05', '05-03', '05-31', '08-30', '12-27', '12-28']],
    [2022, ['01-03', '04-15', '04-18', '05-02', '06-02', '06-03', '08-29', '09-19', '12-26', '12-27']],
    [2023, ['01-02', '04-07', '04-10', '05-01', '05-08', '05-29', '08-28', '12-25', '12-26']],
    [2024, ['01-01', '03-29', '04-01', '05-06', '05-27', '08-26', '12-25', '12-26']],
    [2025, ['01-01', '04-18', '04-21', '05-05', '05-26', '08-25', '12-25', '12-26']],
    [2027, ['01-01', '03-26', '03-29', '05-03', '05-31', '08-30', '12-27', '12-28']],
  ])('%i', (year, days) => {
    expect(holidays(year)).toEqual(days.map((d) => `${year}-${d}`));
  });

  it('the one-off data file holds exactly the changes docs/domain/deadlines.md#working-days lists', () => {
    expect(ENGLAND_AND_WALES_CHANGES).toEqual({
      added: ['2020-05-08', '2022-06-02', '2022-06-03', '2022-09-19', '2023-05-08'],
      removed: ['2020-05-04', '2022-05-30'],
    });
  });

  it('a removed holiday is a working day; an added one is not', () => {
    expect(ENGLAND_AND_WALES.isWorkingDay('2020-05-04')).toBe(true);
    expect(ENGLAND_AND_WALES.isWorkingDay('2022-05-30')).toBe(true);
    for (const d of ['2020-05-08', '2022-06-02', '2022-06-03', '2022-09-19', '2023-05-08'])
      expect(ENGLAND_AND_WALES.isWorkingDay(d)).toBe(false);
  });
});

describe('working-day deadlines (docs/domain/deadlines.md)', () => {
  it.each<[string, string, number, string]>([
    [
      'counts from the local date: the source day itself never counts',
      '2026-03-16T09:00:00Z',
      1,
      '2026-03-17T23:59:59Z',
    ],
    ['skips the weekend', '2026-03-20T09:00:00Z', 1, '2026-03-23T23:59:59Z'],
    ['a Saturday source counts from the Monday', '2026-03-21T09:00:00Z', 1, '2026-03-23T23:59:59Z'],
    [
      'skips Christmas 2021 substitute days and New Year 2022’s',
      '2021-12-24T09:00:00Z',
      5,
      '2022-01-05T23:59:59Z',
    ],
    ['skips Christmas 2022 (Sunday, substitute Tuesday)', '2022-12-23T09:00:00Z', 1, '2022-12-28T23:59:59Z'],
    [
      'counts 4 May 2020 (holiday moved away) and skips 8 May 2020 (VE day)',
      '2020-05-01T09:00:00Z',
      1,
      '2020-05-04T22:59:59Z',
    ],
    ['…and 8 May 2020 is skipped', '2020-05-07T09:00:00Z', 1, '2020-05-11T22:59:59Z'],
    ['skips the state funeral, 19 September 2022', '2022-09-16T09:00:00Z', 1, '2022-09-20T22:59:59Z'],
    ['skips the coronation, 8 May 2023', '2023-05-05T09:00:00Z', 1, '2023-05-09T22:59:59Z'],
    ['skips Easter 2026 (Good Friday and Easter Monday)', '2026-04-02T09:00:00Z', 1, '2026-04-07T22:59:59Z'],
    ['ends in GMT after the autumn change', '2026-10-23T09:00:00Z', 1, '2026-10-26T23:59:59Z'],
    ['ends in BST after the spring change', '2026-03-27T09:00:00Z', 1, '2026-03-30T22:59:59Z'],
    [
      'takes the London date of a source instant late on a summer evening (UTC)',
      '2026-07-02T23:30:00Z',
      1,
      '2026-07-06T22:59:59Z',
    ],
    ['reads a source instant with an offset', '2026-07-03T00:30:00+01:00', 1, '2026-07-06T22:59:59Z'],
  ])('%s', (_name, source, n, due) => {
    expect(withinWorkingDays(source, n)).toBe(due);
  });

  it('"within 24 hours" is 24 elapsed hours, across a DST change too', () => {
    expect(within24Hours('2026-03-28T12:00:00Z')).toBe('2026-03-29T12:00:00Z');
    expect(within24Hours('2026-10-24T12:00:00+01:00')).toBe('2026-10-25T11:00:00Z');
    expect(withinHours('2026-03-14T23:40:00Z', 48)).toBe('2026-03-16T23:40:00Z');
  });

  it('MARAC: 23:59:59 London eight days before the meeting, in BST or GMT as that day is', () => {
    expect(maracDue('2026-03-01T10:00:00Z', '2026-04-02')).toBe('2026-03-25T23:59:59Z');
    expect(maracDue('2026-03-01T10:00:00Z', '2026-04-06')).toBe('2026-03-29T22:59:59Z');
    expect(maracDue('2026-03-28T10:00:00Z', '2026-04-06')).toBe('2026-03-29T22:59:59Z');
    expect(maracDue('2026-03-29T10:00:00Z', '2026-04-06')).toBe('2026-03-30T10:00:00Z');
  });
});

describe('source instants of deadlines (docs/domain/deadlines.md)', () => {
  const trafford = loadArea('trafford');
  it('an incident counts from recordedAt, not occurredAt', () => {
    const d = decideIncident(
      trafford,
      incident({
        crimeRecorded: true,
        occurredAt: '2026-03-13T22:00:00Z',
        recordedAt: '2026-03-16T08:00:00Z',
      }),
      new MemoryHistory(),
    );
    expect(d.shares.map((s) => s.dueBy)).toEqual(['2026-03-17T08:00:00Z', '2026-03-23T23:59:59Z']);
  });

  it('a police care plan counts from issuedAt', () => {
    const d = decideCarePlan(
      trafford,
      {
        eventId: 'CP',
        carePlanRef: 'CP-1',
        area: 'trafford',
        issuedAt: '2026-03-18T10:00:00Z',
        issuedBy: 'GMP',
        criteria: ['T1'],
        incident: incident({ crimeRecorded: true }),
      },
      new MemoryHistory(),
    );
    expect(d.shares.map((s) => s.dueBy)).toEqual(['2026-03-19T10:00:00Z', '2026-03-25T23:59:59Z']);
  });
});
