import type { AreaContext } from './areaContext.js';
import { parseInstant } from './deadlines.js';
import { DAY_MS, dayOf, ExpiringKeys } from './ExpiringKeys.js';
import { ConsentBook } from './ConsentBook.js';
import type { HistoryStore } from './HistoryStore.js';
import { londonMonthsEarlier } from './londonTime.js';
import type { ConsentRecorded, IncidentSummary, ListingSummary } from './model.js';

/** How much a bounded history keeps (ADR 0082). */
export interface HistoryRetention {
  /** The longest look-back of any rule of any area, in Europe/London months (history window, repeat MARAC). */
  readonly windowMonths: number;
  /** How late an event may arrive (its time behind the watermark) and still find its whole window held. */
  readonly latenessDays: number;
}

/** The default lateness: an incident recorded up to a month after the newest one seen still sees its whole history. */
export const DEFAULT_LATENESS_DAYS = 31;

/**
 * The retention the rules of these areas need: the longest of every ruleset's `historyWindowMonths` and
 * `marac.repeatWindowMonths` (docs/domain/facts-and-history.md#the-household-and-its-history,
 * docs/domain/sharing-rules.md#repeat-marac), and the lateness allowed.
 */
export function retentionFor(
  areas: readonly AreaContext[],
  latenessDays = DEFAULT_LATENESS_DAYS,
): HistoryRetention {
  const windowMonths = Math.max(
    0,
    ...areas.flatMap((a) => [a.ruleset.historyWindowMonths, a.ruleset.marac.repeatWindowMonths]),
  );
  return { windowMonths, latenessDays };
}

/**
 * How far back, by record time from the newest record a group consumed, a restore must read to rebuild a
 * WindowedHistory (ADR 0082): the window (a month counted as 31 days), the lateness, and the same again as the margin
 * by which the watermark (event time) may trail the record time.
 */
export function replaySpanMs(retention: HistoryRetention): number {
  return (retention.windowMonths * 31 + 2 * retention.latenessDays) * DAY_MS;
}

/**
 * The hub's history bounded by the rules' look-back (ADR 0082): incidents by household and MARAC listings by victim,
 * held until their event time (occurredAt, listedAt) falls before the horizon, the watermark's time `windowMonths`
 * earlier (Europe/London) less `latenessDays`; seen event ids likewise. The watermark is event time, moved by
 * `advance` from the events themselves (the decision core reads no clock). An entry whose day is already before the
 * horizon is not added, so the state after any interleaving of adds and advances is the same (a replay ends where
 * the live run was). Consent records have no window (docs/domain/consent.md): the latest per person, area and scope
 * is kept (`ConsentBook`, ADR 0117).
 */
export class WindowedHistory implements HistoryStore {
  private readonly incidents = new Map<string, IncidentSummary[]>();
  private readonly listings = new Map<string, ListingSummary[]>();
  private readonly consents = new ConsentBook();
  private readonly seen = new ExpiringKeys();
  /** Day → the households (or victims) with an entry of that day. */
  private readonly incidentDays = new Map<number, Set<string>>();
  private readonly listingDays = new Map<number, Set<string>>();
  private watermarkMs = Number.NEGATIVE_INFINITY;
  private horizonDay = Number.NEGATIVE_INFINITY;

  constructor(readonly retention: HistoryRetention) {}

  /** The newest event time seen (epoch ms), or -Infinity. */
  get watermark(): number {
    return this.watermarkMs;
  }

  /** The first day (epoch ms of its UTC midnight) still held: entries of earlier days are gone. */
  get horizon(): number {
    return this.horizonDay * DAY_MS;
  }

  /** What is held, for logs and benchmarks. */
  size(): {
    households: number;
    incidents: number;
    victims: number;
    listings: number;
    seenIds: number;
    consents: number;
  } {
    let incidents = 0;
    let listings = 0;
    for (const list of this.incidents.values()) incidents += list.length;
    for (const list of this.listings.values()) listings += list.length;
    return {
      households: this.incidents.size,
      incidents,
      victims: this.listings.size,
      listings,
      seenIds: this.seen.size,
      consents: this.consents.size,
    };
  }

  hasSeen(eventId: string): boolean {
    return this.seen.has(eventId);
  }

  /** Holds an event id as seen until `atMs` (its event time; default the watermark) leaves the window. */
  markSeen(eventId: string, atMs: number = this.watermarkMs): void {
    this.seen.add(eventId, atMs);
  }

  addIncident(summary: IncidentSummary): void {
    const ms = parseInstant(summary.occurredAt);
    const day = dayOf(ms);
    if (!(day >= this.horizonDay)) return;
    this.seen.add(summary.eventId, ms);
    const list = this.incidents.get(summary.householdKey);
    if (!list) this.incidents.set(summary.householdKey, [summary]);
    else {
      const same = list.findIndex(
        (i) => i.forceCode === summary.forceCode && i.incidentRef === summary.incidentRef,
      );
      if (same < 0) list.push(summary);
      else if (summary.shared && !list[same]!.shared) list[same] = { ...list[same]!, shared: true };
      else return;
    }
    addTo(this.incidentDays, day, summary.householdKey);
  }

  addListing(listing: ListingSummary): void {
    const ms = parseInstant(listing.listedAt);
    const day = dayOf(ms);
    if (!(day >= this.horizonDay)) return;
    this.seen.add(listing.eventId, ms);
    const list = this.listings.get(listing.victimPersonId);
    if (!list) this.listings.set(listing.victimPersonId, [listing]);
    else if (list.some((l) => l.eventId === listing.eventId)) return;
    else list.push(listing);
    addTo(this.listingDays, day, listing.victimPersonId);
  }

  addConsent(consent: ConsentRecorded): void {
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

  advance(watermarkMs: number): void {
    if (!(watermarkMs > this.watermarkMs)) return;
    this.watermarkMs = watermarkMs;
    const horizonMs =
      londonMonthsEarlier(watermarkMs, this.retention.windowMonths) - this.retention.latenessDays * DAY_MS;
    const horizonDay = dayOf(horizonMs);
    if (!(horizonDay > this.horizonDay)) return;
    this.horizonDay = horizonDay;
    const keep = (at: string) => dayOf(parseInstant(at)) >= horizonDay;
    evict(this.incidentDays, this.incidents, horizonDay, (i) => keep(i.occurredAt));
    evict(this.listingDays, this.listings, horizonDay, (l) => keep(l.listedAt));
    this.seen.expireBefore(horizonMs);
  }
}

function addTo(days: Map<number, Set<string>>, day: number, key: string): void {
  const keys = days.get(day);
  if (keys) keys.add(key);
  else days.set(day, new Set([key]));
}

/** Drops the entries of every day before `horizonDay`, visiting only the keys that had such entries. */
function evict<T>(
  days: Map<number, Set<string>>,
  byKey: Map<string, T[]>,
  horizonDay: number,
  keep: (entry: T) => boolean,
): void {
  for (const [day, keys] of days) {
    if (day >= horizonDay) continue;
    days.delete(day);
    for (const key of keys) {
      const list = byKey.get(key);
      if (!list) continue;
      const kept = list.filter(keep);
      if (kept.length === 0) byKey.delete(key);
      else if (kept.length < list.length) byKey.set(key, kept);
    }
  }
}
