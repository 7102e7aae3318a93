import { describe, expect, it } from 'vitest';
import { acknowledgementFigure, median, oneDecimal, triageQueueFigures } from './figureArithmetic.js';

describe('the dashboards’ figure arithmetic', () => {
  it('takes the median of odd and even counts, and none of nothing', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
    expect(oneDecimal(33.333)).toBe(33.3);
  });

  it('gives the share acknowledged in time of those due or acknowledged, and the median hours; null where none', () => {
    expect(acknowledgementFigure({ team: 't', inTime: 1, late: 1, overdue: 1, hours: [10, 44] })).toEqual({
      team: 't',
      inTime: 1,
      late: 1,
      overdue: 1,
      inTimePercent: 33.3,
      medianHoursToAcknowledge: 27,
    });
    expect(acknowledgementFigure({ inTime: 0, late: 0, overdue: 0, hours: [] })).toMatchObject({
      inTimePercent: null,
      medianHoursToAcknowledge: null,
    });
  });

  it('lists each area’s triage queue in area order with its oldest and median age', () => {
    expect(
      triageQueueFigures(
        new Map([
          ['trafford', [1, 5, 2]],
          ['kent', [0.25]],
        ]),
      ),
    ).toEqual([
      { area: 'kent', open: 1, oldestHours: 0.3, medianHours: 0.3 },
      { area: 'trafford', open: 3, oldestHours: 5, medianHours: 2 },
    ]);
  });
});
