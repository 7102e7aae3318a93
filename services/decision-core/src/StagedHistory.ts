import type { HistoryStore } from './HistoryStore.js';
import type { ConsentRecorded, HistoryView, IncidentSummary, ListingSummary } from './model.js';

type Op =
  | { kind: 'incident'; value: IncidentSummary }
  | { kind: 'listing'; value: ListingSummary }
  | { kind: 'consent'; value: ConsentRecorded }
  | { kind: 'seen'; value: string; atMs: number | undefined };

/**
 * Additions staged over a history store for one batch: reads see base and staged together; `commit()` applies the
 * staged additions, then moves the base's watermark to the newest event time the batch saw (`advance`), once the
 * batch's transaction committed, so an aborted batch leaves the base untouched.
 */
export class StagedHistory implements HistoryView {
  private readonly ops: Op[] = [];
  private readonly seen = new Set<string>();
  private readonly incidents = new Map<string, IncidentSummary[]>();
  private readonly listings = new Map<string, ListingSummary[]>();
  private readonly consents = new Map<string, ConsentRecorded[]>();
  private watermarkMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly base: HistoryStore) {}

  /** Notes an event time the batch saw: the base's watermark moves to the newest on commit. */
  advance(watermarkMs: number): void {
    if (watermarkMs > this.watermarkMs) this.watermarkMs = watermarkMs;
  }

  hasSeen(eventId: string): boolean {
    return this.seen.has(eventId) || this.base.hasSeen(eventId);
  }

  markSeen(eventId: string, atMs?: number): void {
    this.seen.add(eventId);
    this.ops.push({ kind: 'seen', value: eventId, atMs });
  }

  addIncident(value: IncidentSummary): void {
    this.seen.add(value.eventId);
    this.incidents.set(value.householdKey, [...(this.incidents.get(value.householdKey) ?? []), value]);
    this.ops.push({ kind: 'incident', value });
  }

  addListing(value: ListingSummary): void {
    this.seen.add(value.eventId);
    this.listings.set(value.victimPersonId, [...(this.listings.get(value.victimPersonId) ?? []), value]);
    this.ops.push({ kind: 'listing', value });
  }

  addConsent(value: ConsentRecorded): void {
    this.seen.add(value.eventId);
    this.consents.set(value.subjectPersonId, [...(this.consents.get(value.subjectPersonId) ?? []), value]);
    this.ops.push({ kind: 'consent', value });
  }

  incidentsAt(householdKey: string): readonly IncidentSummary[] {
    const staged = this.incidents.get(householdKey);
    return staged ? [...this.base.incidentsAt(householdKey), ...staged] : this.base.incidentsAt(householdKey);
  }

  listingsFor(victimPersonId: string): readonly ListingSummary[] {
    const staged = this.listings.get(victimPersonId);
    return staged
      ? [...this.base.listingsFor(victimPersonId), ...staged]
      : this.base.listingsFor(victimPersonId);
  }

  consentsFor(personId: string): readonly ConsentRecorded[] {
    const staged = this.consents.get(personId);
    return staged ? [...this.base.consentsFor(personId), ...staged] : this.base.consentsFor(personId);
  }

  /** Applies every staged addition to the base history, then advances its watermark. */
  commit(): void {
    for (const op of this.ops) {
      if (op.kind === 'incident') this.base.addIncident(op.value);
      else if (op.kind === 'listing') this.base.addListing(op.value);
      else if (op.kind === 'consent') this.base.addConsent(op.value);
      else this.base.markSeen(op.value, op.atMs);
    }
    this.ops.length = 0;
    if (this.watermarkMs > Number.NEGATIVE_INFINITY) this.base.advance?.(this.watermarkMs);
  }
}
