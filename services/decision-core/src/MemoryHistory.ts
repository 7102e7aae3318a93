import { ConsentBook } from './ConsentBook.js';
import type { HistoryStore } from './HistoryStore.js';
import type { ConsentRecorded, IncidentSummary, ListingSummary } from './model.js';

/**
 * The hub's memory as plain data, implementing HistoryView: incidents by household, MARAC listings by victim,
 * consent records by person. Adding is idempotent (an event seen twice counts once). Unbounded: explain builds one
 * from its input; the services keep a WindowedHistory, bounded by the rules' look-back (ADR 0082).
 */
export class MemoryHistory implements HistoryStore {
  private readonly incidents = new Map<string, IncidentSummary[]>();
  private readonly listings = new Map<string, ListingSummary[]>();
  private readonly consents = new ConsentBook();
  private readonly eventIds = new Set<string>();

  /** Whether an event id was already added. */
  hasSeen(eventId: string): boolean {
    return this.eventIds.has(eventId);
  }

  /** Records an event id as seen (for events that add nothing else; held for ever, whatever its time). */
  markSeen(eventId: string, _atMs?: number): void {
    this.eventIds.add(eventId);
  }

  addIncident(summary: IncidentSummary): void {
    this.eventIds.add(summary.eventId);
    const list = this.incidents.get(summary.householdKey) ?? [];
    const same = list.findIndex(
      (i) => i.forceCode === summary.forceCode && i.incidentRef === summary.incidentRef,
    );
    if (same >= 0) list[same] = { ...list[same]!, shared: list[same]!.shared || summary.shared };
    else list.push(summary);
    this.incidents.set(summary.householdKey, list);
  }

  addListing(listing: ListingSummary): void {
    this.eventIds.add(listing.eventId);
    const list = this.listings.get(listing.victimPersonId) ?? [];
    if (!list.some((l) => l.eventId === listing.eventId)) list.push(listing);
    this.listings.set(listing.victimPersonId, list);
  }

  addConsent(consent: ConsentRecorded): void {
    this.eventIds.add(consent.eventId);
    this.consents.add(consent);
  }

  incidentsAt(householdKey: string): readonly IncidentSummary[] {
    return this.incidents.get(householdKey) ?? [];
  }

  listingsFor(victimPersonId: string): readonly ListingSummary[] {
    return this.listings.get(victimPersonId) ?? [];
  }

  consentsFor(personId: string): readonly ConsentRecorded[] {
    return this.consents.consentsFor(personId);
  }

  /** Everything held for a household, for a state snapshot (JSON-safe). */
  householdSnapshot(householdKey: string): IncidentSummary[] {
    return [...this.incidentsAt(householdKey)];
  }

  /** Restores a household's incidents from a snapshot. */
  restoreHousehold(householdKey: string, incidents: readonly IncidentSummary[]): void {
    this.incidents.set(householdKey, [...incidents]);
    for (const i of incidents) this.eventIds.add(i.eventId);
  }
}
