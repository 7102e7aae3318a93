/** An hour in milliseconds. */
export const HOUR_MS = 3_600_000;

/** The median of some numbers (the mean of the middle two for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A figure rounded to one decimal place, as the dashboards show them. */
export function oneDecimal(n: number): number {
  return Math.round(n * 10) / 10;
}

/** One team's week of shares, counted: in time, late, overdue, and the hours each acknowledgement took. */
export interface AcknowledgementCounts {
  readonly inTime: number;
  readonly late: number;
  readonly overdue: number;
  readonly hours: readonly number[];
}

/**
 * A week's acknowledgement figure, the same on every dashboard: the share of those due or acknowledged that were
 * acknowledged by their due time (null when none was due), and the median hours to acknowledge (null when none was).
 */
export function acknowledgementFigure<T extends AcknowledgementCounts>(
  counts: T,
): Omit<T, 'hours'> & { inTimePercent: number | null; medianHoursToAcknowledge: number | null } {
  const { hours, ...row } = counts;
  const due = row.inTime + row.late + row.overdue;
  const m = median(hours);
  return {
    ...row,
    inTimePercent: due === 0 ? null : oneDecimal((100 * row.inTime) / due),
    medianHoursToAcknowledge: m === null ? null : oneDecimal(m),
  };
}

/** One area's triage queue figure: its waiting items, and the age in hours of the oldest and the median. */
export interface TriageQueueFigure {
  readonly area: string;
  readonly open: number;
  readonly oldestHours: number;
  readonly medianHours: number;
}

/** The triage queue figure of each area from its waiting items' ages in hours: how many, the oldest and the median. */
export function triageQueueFigures(queues: ReadonlyMap<string, readonly number[]>): TriageQueueFigure[] {
  return [...queues.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([area, ages]) => ({
      area,
      open: ages.length,
      oldestHours: oneDecimal(Math.max(...ages)),
      medianHours: oneDecimal(median(ages)!),
    }));
}

/** A week's acknowledgement figure as the dashboards' tables show it (see {@link acknowledgementFigure}). */
export interface AcknowledgementRow {
  readonly shares: number;
  readonly inTime: number;
  readonly late: number;
  readonly overdue: number;
  readonly notYetDue: number;
  readonly inTimePercent: number | null;
  readonly medianHoursToAcknowledge: number | null;
}

/** The columns every dashboard's acknowledgement table has after its week (and team) columns. */
export const ACKNOWLEDGEMENT_COLUMNS = [
  { text: 'Shares', numeric: true },
  { text: 'In time', numeric: true },
  { text: 'Late', numeric: true },
  { text: 'Overdue', numeric: true },
  { text: 'Not yet due', numeric: true },
  { text: 'In time (%)', numeric: true },
  { text: 'Median time to acknowledge', numeric: true },
] as const;

/** The cells of {@link ACKNOWLEDGEMENT_COLUMNS} for one row; a figure there is none of shows as a dash. */
export function acknowledgementCells(r: AcknowledgementRow): Array<number | string> {
  return [
    r.shares,
    r.inTime,
    r.late,
    r.overdue,
    r.notYetDue,
    r.inTimePercent === null ? '—' : `${r.inTimePercent}%`,
    r.medianHoursToAcknowledge === null ? '—' : `${r.medianHoursToAcknowledge} h`,
  ];
}
