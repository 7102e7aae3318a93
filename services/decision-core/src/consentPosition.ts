import { parseInstant } from './deadlines.js';
import type { ConsentPosition, ConsentRecorded, HistoryView } from './model.js';

/** The scope a share belongs to: its area, and its incident or its MARAC case. */
export interface ConsentScope {
  /** The share's area: a consent recorded in another area never decides it (ADR 0090). */
  readonly area: string;
  readonly incidentRef?: string;
  readonly maracCaseRef?: string;
}

const forScope = (c: ConsentRecorded, scope: ConsentScope) =>
  c.scope !== null &&
  ((scope.incidentRef !== undefined && c.scope.incidentRef === scope.incidentRef) ||
    (scope.maracCaseRef !== undefined && c.scope.maracCaseRef === scope.maracCaseRef));

/**
 * Whether consent record `a` is later than `b`: recorded after it, or at the same instant with the greater eventId,
 * so "the latest" never depends on arrival order. A record is not later than itself.
 */
export function laterConsent(a: ConsentRecorded, b: ConsentRecorded): boolean {
  const at = parseInstant(a.recordedAt);
  const bt = parseInstant(b.recordedAt);
  return at > bt || (at === bt && a.eventId > b.eventId);
}

const latest = (records: readonly ConsentRecorded[]) =>
  records.reduce<ConsentRecorded | undefined>(
    (best, c) => (!best || laterConsent(c, best) ? c : best),
    undefined,
  );

/**
 * The consent record that decides a share's position (docs/domain/consent.md): the latest record naming the subject
 * (for this incident or MARAC case, or for all); else the latest naming the victim (the non-abusing parent) for this
 * incident or case or for all, one "latest" over both. A record scoped to another incident or case, or recorded in
 * another area, never applies. Ties on recordedAt go to the greater eventId, so the answer never depends on arrival
 * order.
 */
export function consentRecordFor(
  history: HistoryView,
  subjectId: string,
  victimId: string,
  scope: ConsentScope,
): ConsentRecorded | undefined {
  const inArea = (personId: string) => history.consentsFor(personId).filter((c) => c.area === scope.area);
  const own = latest(inArea(subjectId).filter((c) => c.scope === null || forScope(c, scope)));
  if (own || subjectId === victimId) return own;
  return latest(inArea(victimId).filter((c) => c.scope === null || forScope(c, scope)));
}

/**
 * The consent position of a share (docs/domain/consent.md): the deciding record's status and reason (see `consentRecordFor`),
 * else NOT_RECORDED; a share made without GIVEN records the basis on which it proceeded.
 */
export function consentPosition(
  history: HistoryView,
  subjectId: string,
  victimId: string,
  scope: ConsentScope,
  withoutConsentBasis: string,
): ConsentPosition {
  const record = consentRecordFor(history, subjectId, victimId, scope);
  if (!record) return { status: 'NOT_RECORDED', reason: null, basis: withoutConsentBasis };
  const { status } = record;
  return { status, reason: record.reason ?? null, basis: status === 'GIVEN' ? null : withoutConsentBasis };
}
