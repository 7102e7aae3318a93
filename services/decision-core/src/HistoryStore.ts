import type { ConsentRecorded, HistoryView, IncidentSummary, ListingSummary } from './model.js';

/**
 * A history the services add to (MemoryHistory, unbounded; WindowedHistory, bounded by the rules' look-back): what
 * StagedHistory stages over. `atMs` is the event time a seen id is held for (a bounded store forgets it once that
 * time leaves the window); `advance` moves the watermark (event time) and evicts what fell out of every window.
 */
export interface HistoryStore extends HistoryView {
  hasSeen(eventId: string): boolean;
  markSeen(eventId: string, atMs?: number): void;
  addIncident(summary: IncidentSummary): void;
  addListing(listing: ListingSummary): void;
  addConsent(consent: ConsentRecorded): void;
  /** Moves the watermark to `watermarkMs` (never back) and drops what no rule can read any more. */
  advance?(watermarkMs: number): void;
}
