import type { ListingSummary, MaracListed } from './model.js';

/** What the history keeps of a MARAC listing (for repeat MARAC: by victim, per area). */
export function listingSummaryOf(listing: MaracListed): ListingSummary {
  return {
    eventId: listing.eventId,
    area: listing.area,
    maracCaseRef: listing.maracCaseRef,
    victimPersonId: listing.victim.personId,
    listedAt: listing.listedAt,
  };
}
