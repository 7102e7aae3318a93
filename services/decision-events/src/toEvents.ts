import {
  deterministicId,
  type Decision,
  type IncidentBody,
  type PlannedShare,
  type PlannedTriage,
} from '@sharehub/decision-core';
import type {
  AuditRecord,
  CarePlanIssued,
  ShareDecision,
  ShareNotification,
  TriageRequired,
} from '@sharehub/schemas';

/** Who issues the care plans the hub decides (police care plans carry their force's name). */
export const HUB_ISSUER = 'sharehub-triage';

/** The hub's reference for the care plan it issues for an incident (deterministic, so a redelivery makes the same). */
export function hubCarePlanRef(forceCode: string, incidentRef: string): string {
  return `HUB-${forceCode}-${incidentRef}`;
}

/** The CarePlanIssued the hub emits for a SHARED incident: issuedAt is the incident's recordedAt (docs/domain/deadlines.md#the-source-instant). */
export function toCarePlan(decision: Decision, incident: IncidentBody): CarePlanIssued {
  const { officerCollarNumber: _v2Only, ...inner } = incident;
  return {
    eventId: deterministicId('cp', incident.forceCode, incident.incidentRef),
    carePlanRef: hubCarePlanRef(incident.forceCode, incident.incidentRef),
    area: incident.area,
    issuedAt: incident.recordedAt,
    issuedBy: HUB_ISSUER,
    criteria: [...decision.rulesFired],
    incident: inner,
  };
}

/** The ShareDecision event of any decision (SHARED or NOT_SHARED), with every rule evaluated. */
export function toShareDecision(decision: Decision, carePlanRef: string | null): ShareDecision {
  return {
    decisionId: decision.decisionId,
    area: decision.area,
    source: decision.source,
    decision: decision.decision,
    shareKind: decision.shareKind,
    rulesFired: [...decision.rulesFired],
    rulesEvaluated: decision.rulesEvaluated.map((e) => ({ ...e })),
    ruleset: { ...decision.ruleset },
    directory: { ...decision.directory },
    carePlanRef,
    householdKey: decision.householdKey,
    historyEventIds: [...decision.historyEventIds],
    decidedAt: decision.sourceInstant,
  };
}

/** One ShareNotification for one planned share. */
export function toShareNotification(decision: Decision, share: PlannedShare): ShareNotification {
  return {
    notificationId: share.notificationId,
    area: decision.area,
    source: decision.source,
    recipient: { service: share.service, teamId: share.teamId },
    subjectPersonId: share.subjectPersonId,
    shareKind: share.shareKind,
    dueBy: share.dueBy,
    flags: [...share.flags],
    consent: { ...share.consent },
    lawfulBasis: share.lawfulBasis,
    rationale: share.rationale.map((r) => ({ ...r })),
    ruleset: { ...decision.ruleset },
    isRepeatMarac: share.isRepeatMarac,
    payload: { ...share.payload },
    directory: { ...decision.directory },
    decisionId: decision.decisionId,
    householdKey: decision.householdKey,
  };
}

/** One TriageRequired for one route that could not be resolved. */
export function toTriageRequired(decision: Decision, item: PlannedTriage): TriageRequired {
  return {
    triageId: item.triageId,
    area: decision.area,
    source: decision.source,
    subjectPersonId: item.subjectPersonId,
    route: item.route,
    reason: item.reason,
    ruleset: { ...decision.ruleset },
    dueBy: item.dueBy,
    shareKind: item.shareKind,
    consent: { ...item.consent },
    lawfulBasis: item.lawfulBasis,
    rationale: decision.rationale.map((r) => ({ ...r })),
    isRepeatMarac: item.isRepeatMarac,
    payload: { ...item.payload },
  };
}

const baseAudit = (decision: Decision): Omit<AuditRecord, 'auditId' | 'kind' | 'actor'> => ({
  occurredAt: decision.sourceInstant,
  area: decision.area,
  source: decision.source,
  dataCategories: [],
  recipient: null,
  subjectPersonIds: [],
  lawfulBasis: decision.lawfulBasis,
  consent: null,
  rulesFired: decision.rationale.map((r) => ({ ...r })),
  rulesEvaluated: decision.rulesEvaluated.map((e) => ({ ...e })),
  ruleset: { ...decision.ruleset },
  directory: { ...decision.directory },
  historyEventIds: [...decision.historyEventIds],
  decision: decision.decision,
  shareKind: decision.shareKind,
  decisionId: decision.decisionId,
  notificationId: null,
  triageId: null,
  dueBy: null,
  reason: null,
  detail: null,
  position: null,
});

/** The audit record of a decision (kind SHARED or NOT_SHARED), with every rule evaluated and why (docs/domain/audit-record.md). */
export function auditDecision(decision: Decision, actor: string, carePlanRef: string | null): AuditRecord {
  const subjects = [
    ...new Set([
      ...decision.shares.map((s) => s.subjectPersonId),
      ...decision.triage.flatMap((t) => (t.subjectPersonId ? [t.subjectPersonId] : [])),
    ]),
  ];
  return {
    ...baseAudit(decision),
    auditId: deterministicId('a', 'DECISION', decision.decisionId),
    kind: decision.decision,
    actor,
    subjectPersonIds: subjects,
    reason:
      decision.decision === 'NOT_SHARED'
        ? 'no sharing rule fired'
        : `rules fired: ${decision.rulesFired.join(', ')}`,
    detail: carePlanRef ? JSON.stringify({ carePlanRef }) : null,
  };
}

/** The audit record of a share sent (SHARE_SENT): to whom, about whom, what, why, on what basis. */
export function auditShare(decision: Decision, share: PlannedShare, actor: string): AuditRecord {
  return {
    ...baseAudit(decision),
    auditId: deterministicId('a', 'SHARE_SENT', share.notificationId),
    kind: 'SHARE_SENT',
    actor,
    dataCategories: [...share.dataCategories],
    recipient: { service: share.service, teamId: share.teamId },
    subjectPersonIds: [share.subjectPersonId],
    lawfulBasis: share.lawfulBasis,
    consent: { ...share.consent },
    rulesEvaluated: null,
    notificationId: share.notificationId,
    shareKind: share.shareKind,
    dueBy: share.dueBy,
  };
}

/** The audit record of a route sent to triage (ROUTED_TO_TRIAGE), with its reason. */
export function auditTriage(decision: Decision, item: PlannedTriage, actor: string): AuditRecord {
  return {
    ...baseAudit(decision),
    auditId: deterministicId('a', 'ROUTED_TO_TRIAGE', item.triageId),
    kind: 'ROUTED_TO_TRIAGE',
    actor,
    subjectPersonIds: item.subjectPersonId ? [item.subjectPersonId] : [],
    dataCategories: [...item.dataCategories],
    consent: { ...item.consent },
    rulesEvaluated: null,
    triageId: item.triageId,
    shareKind: item.shareKind,
    dueBy: item.dueBy,
    reason: `${item.route}: ${item.reason}`,
  };
}
