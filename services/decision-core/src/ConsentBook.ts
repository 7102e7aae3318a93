import { laterConsent } from './consentPosition.js';
import type { ConsentRecorded } from './model.js';

/** What decides whether two consent records compete: the same area and the same scope (or both for all). */
const slotOf = (c: ConsentRecorded) =>
  `${c.area}\u0000${c.scope?.incidentRef ?? '\u0001'}\u0000${c.scope?.maracCaseRef ?? '\u0001'}`;

/**
 * The consent records the decision reads, by person (docs/domain/consent.md), holding per person, area and scope
 * only the latest record. Which records apply to a share depends only on their area and scope, and the decision
 * reads the latest of those (`consentRecordFor`), so a record superseded in its own area and scope can never decide
 * a share again: dropping it changes no answer and no audit record (which cites only the deciding record's id).
 * The book then holds one record per consent question asked, however many times it was answered (ADR 0117). Adding
 * is idempotent and order-free: the same records in any order leave the same book.
 */
export class ConsentBook {
  private readonly byPerson = new Map<string, ConsentRecorded[]>();
  private count = 0;

  /** Adds a record; says whether the book changed (false: already held, or superseded in its area and scope). */
  add(consent: ConsentRecorded): boolean {
    const list = this.byPerson.get(consent.subjectPersonId);
    if (!list) {
      this.byPerson.set(consent.subjectPersonId, [consent]);
      this.count += 1;
      return true;
    }
    const slot = slotOf(consent);
    const at = list.findIndex((c) => slotOf(c) === slot);
    if (at < 0) {
      list.push(consent);
      this.count += 1;
      return true;
    }
    if (!laterConsent(consent, list[at]!)) return false;
    list[at] = consent;
    return true;
  }

  /** The records held for a person: at most one per area and scope. */
  consentsFor(personId: string): readonly ConsentRecorded[] {
    return this.byPerson.get(personId) ?? [];
  }

  /** How many records are held. */
  get size(): number {
    return this.count;
  }
}
