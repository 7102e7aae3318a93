import type { ConsentPosition, ConsentRecorded, HistoryView } from './model.js';

/** The scope a share belongs to: its incident or its MARAC case. */
export interface ConsentScope {
  readonly incidentRef?: string;
  readonly maracCaseRef?: string;
}

const inScope = (c: ConsentRecorded, scope: ConsentScope) =>
  c.scope === null ||
  (scope.incidentRef !== undefined && c.scope.incidentRef === scope.incidentRef) ||
  (scope.maracCaseRef !== undefined && c.scope.maracCaseRef === scope.maracCaseRef);

const latest = (records: readonly ConsentRecorded[]) =>
  records.reduce<ConsentRecorded | undefined>(
    (best, c) =>
      !best ||
      Date.parse(c.recordedAt) > Date.parse(best.recordedAt) ||
      (c.recordedAt === best.recordedAt && c.eventId > best.eventId)
        ? c
        : best,
    undefined,
  );

/**
 * The consent position of a share (DOMAIN.md 7): the latest record naming its subject, else the latest naming the
 * victim (the non-abusing parent) for the same incident or MARAC case or for all; else NOT_RECORDED. A share made
 * without GIVEN records the basis on which it proceeded.
 */
export function consentPosition(
  history: HistoryView,
  subjectId: string,
  victimId: string,
  scope: ConsentScope,
  withoutConsentBasis: string,
): ConsentPosition {
  const record =
    latest(history.consentsFor(subjectId).filter((c) => inScope(c, scope))) ??
    (subjectId !== victimId
      ? latest(history.consentsFor(victimId).filter((c) => inScope(c, scope)))
      : undefined);
  if (!record) return { status: 'NOT_RECORDED', reason: null, basis: withoutConsentBasis };
  const status = record.status === 'NOT_RECORDED' ? 'NOT_RECORDED' : record.status;
  return { status, reason: record.reason ?? null, basis: status === 'GIVEN' ? null : withoutConsentBasis };
}
