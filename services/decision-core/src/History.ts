import { householdHistory, type DecidableEvent } from './decide.js';
import { detectEventType } from './detectEventType.js';
import type {
  CarePlanIssued,
  ConsentRecorded,
  Decision,
  IncidentBody,
  IncidentSummary,
  MaracListed,
} from './model.js';
import { listingSummaryOf } from './listingSummaryOf.js';
import { MemoryHistory } from './MemoryHistory.js';

/**
 * The hub's history as an explicit accumulator of events, over MemoryHistory: record incidents (shared or not), care
 * plans (their incident joins the household, shared), MARAC listings and consent records, in any order; ask for a
 * household's 12-month window; remember which shares and triage items were already sent. An event seen twice (same
 * eventId) and an incident seen twice (same forceCode and incidentRef) count once.
 *
 * @example
 * const history = new History();
 * for (const event of events) history.record(event, decide(event, history, ruleset, directory));
 */
export class History extends MemoryHistory {
  private readonly sent = new Set<string>();

  /** Records an incident that was decided (`shared`: the decision was SHARED). */
  recordIncident(incident: IncidentBody, shared: boolean): void {
    this.addIncident({
      eventId: incident.eventId,
      forceCode: incident.forceCode,
      incidentRef: incident.incidentRef,
      householdKey: incident.location.householdKey,
      occurredAt: incident.occurredAt,
      shared,
    });
  }

  /** Records a care plan: the plan's event is seen and its incident joins the household's history as shared. */
  recordCarePlan(carePlan: CarePlanIssued): void {
    this.markSeen(carePlan.eventId);
    this.recordIncident(carePlan.incident, true);
  }

  /** Records a MARAC listing (for repeat MARAC: by victim). */
  recordListing(listing: MaracListed): void {
    this.addListing(listingSummaryOf(listing));
  }

  /** Records a consent decision. */
  recordConsent(consent: ConsentRecorded): void {
    this.addConsent(consent);
  }

  /** Records any event after its decision (an incident counts as shared when its decision was SHARED). */
  record(event: DecidableEvent | ConsentRecorded, decision?: Decision): void {
    const type = detectEventType(event);
    if (type === 'ConsentRecorded') return this.recordConsent(event as ConsentRecorded);
    if (type === 'MaracListed') return this.recordListing(event as MaracListed);
    if (type === 'CarePlanIssued') return this.recordCarePlan(event as CarePlanIssued);
    const incident = event as IncidentBody;
    this.markSeen(incident.eventId);
    this.recordIncident(incident, decision?.decision === 'SHARED');
  }

  /** Remembers a decision's shares and triage items as sent (a notificationId is never sent twice). */
  recordSent(decision: Decision): void {
    for (const s of decision.shares) this.sent.add(s.notificationId);
    for (const t of decision.triage) this.sent.add(t.triageId);
  }

  /** Whether a notificationId or triageId was already sent. */
  wasSent(id: string): boolean {
    return this.sent.has(id);
  }

  /** The household's other incidents in the window before this incident (DOMAIN.md 2), deduplicated, oldest first. */
  householdHistory(incident: IncidentBody, months = 12): IncidentSummary[] {
    return householdHistory(this, incident, months);
  }

  /** Whether an incident (forceCode + incidentRef) is held as shared. */
  wasShared(householdKey: string, forceCode: string, incidentRef: string): boolean {
    return this.incidentsAt(householdKey).some(
      (i) => i.forceCode === forceCode && i.incidentRef === incidentRef && i.shared,
    );
  }
}
