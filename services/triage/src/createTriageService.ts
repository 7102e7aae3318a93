import {
  decideIncident,
  DEFAULT_LATENESS_DAYS,
  replaySpanMs,
  StagedHistory,
  UnknownAreaError,
  WindowedHistory,
  type Decision,
} from '@sharehub/decision-core';
import {
  auditDecision,
  eventTimeOf,
  hubTopics,
  startDecisionTransform,
  toCarePlan,
  toShareDecision,
  type DeadLetterReason,
  type DecisionServiceDeps,
  type HubTopics,
} from '@sharehub/decision-events';
import type { IncomingMessage, OutgoingMessage, Subscription } from '@sharehub/kit';
import type { CarePlanIssued, Decoded, IncidentRecorded } from '@sharehub/schemas';

/** What the triage service is built from. */
export interface TriageDeps extends DecisionServiceDeps {
  /**
   * The topic catalogue, its prefix applied once (default: unprefixed). Triage reads incident.recorded and
   * careplan.issued (police care plans; never careplan.hub, its own), and writes careplan.hub, share.decided,
   * audit.record and deadletter.
   */
  readonly topics?: HubTopics;
}

/** A running triage service. */
export interface TriageService {
  start(): Promise<Subscription>;
  stop(): Promise<void>;
}

/**
 * The triage service: decides every police incident by its area's thresholds against the household history,
 * and writes, in one transaction with its consumed offsets, a CarePlanIssued for each share, a ShareDecision for
 * every decision and its audit record; its care plans go to their own topic (careplan.hub), which only triage
 * writes, so the router can tell them from police plans (ADR 0091). Police care plans join the history (their routing is the router's).
 * History lives in memory, bounded by the rules' look-back (a WindowedHistory: incidents and seen ids leave once
 * their occurredAt falls out of every window, ADR 0082), rebuilt on every partition assignment by replaying the last
 * `replaySpanMs` of the group's own consumed inputs (the loop is decision-events' `startDecisionTransform`; this is
 * only triage's domain part).
 */
export function createTriageService(deps: TriageDeps): TriageService {
  const topics = deps.topics ?? hubTopics();
  const out = { carePlans: topics.hubCarePlan, decisions: topics.shareDecided, audit: topics.auditRecord };
  const retention = deps.retention ?? { windowMonths: 12, latenessDays: DEFAULT_LATENESS_DAYS };
  let history = new WindowedHistory(retention);
  let subscription: Subscription | undefined;

  /** Applies one decoded event to the history and returns what it produces (or why it must be dead-lettered). */
  const handle = (
    decoded: Decoded,
    message: IncomingMessage,
    staged: StagedHistory,
  ): OutgoingMessage[] | DeadLetterReason => {
    const log = {
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      eventType: decoded.type,
    };
    if (decoded.type === 'CarePlanIssued') {
      const plan = decoded.value as CarePlanIssued;
      // Every plan on this topic is a police plan, whatever its issuedBy says: the hub's own go to careplan.hub.
      const i = plan.incident;
      const at = eventTimeOf(i.occurredAt, message);
      staged.advance(at);
      if (staged.hasSeen(plan.eventId)) return [];
      staged.markSeen(plan.eventId, at);
      staged.addIncident({
        eventId: i.eventId,
        forceCode: i.forceCode,
        incidentRef: i.incidentRef,
        householdKey: i.location.householdKey,
        occurredAt: i.occurredAt,
        shared: true,
      });
      deps.logger.debug({ ...log, eventId: plan.eventId }, 'police care plan joined the household history');
      return [];
    }
    if (decoded.type !== 'IncidentRecorded') {
      return { code: 'WRONG_EVENT_TYPE', reason: `${decoded.type} does not belong on ${message.topic}` };
    }
    const incident = decoded.value as IncidentRecorded;
    staged.advance(eventTimeOf(incident.occurredAt, message));
    if (staged.hasSeen(incident.eventId)) {
      deps.logger.info({ ...log, eventId: incident.eventId }, 'duplicate event ignored');
      return [];
    }
    let decision: Decision;
    try {
      decision = decideIncident(deps.areaOf(incident.area), incident, staged);
    } catch (err) {
      if (err instanceof UnknownAreaError) return { code: err.code, reason: err.message };
      throw err;
    }
    staged.addIncident({
      eventId: incident.eventId,
      forceCode: incident.forceCode,
      incidentRef: incident.incidentRef,
      householdKey: incident.location.householdKey,
      occurredAt: incident.occurredAt,
      shared: decision.decision === 'SHARED',
    });
    const key = incident.location.householdKey;
    const outputs: OutgoingMessage[] = [];
    let carePlanRef: string | null = null;
    if (decision.decision === 'SHARED') {
      const plan = toCarePlan(decision, incident);
      carePlanRef = plan.carePlanRef;
      outputs.push({ topic: out.carePlans, key, value: deps.codec.encode('CarePlanIssued', plan) });
    }
    outputs.push({
      topic: out.decisions,
      key,
      value: deps.codec.encode('ShareDecision', toShareDecision(decision, carePlanRef)),
    });
    const audit = auditDecision(decision, 'triage', carePlanRef);
    outputs.push({ topic: out.audit, key: audit.auditId, value: deps.codec.encode('AuditRecord', audit) });
    deps.logger.debug(
      {
        ...log,
        eventId: incident.eventId,
        decisionId: decision.decisionId,
        decision: decision.decision,
        rulesFired: decision.rulesFired,
      },
      'incident decided',
    );
    return outputs;
  };

  return {
    async start() {
      subscription = await startDecisionTransform({
        bus: deps.bus,
        codec: deps.codec,
        logger: deps.logger,
        groupId: deps.groupId,
        topics,
        inputs: [topics.incidentRecorded, topics.carePlanIssued],
        ...(deps.partitionsConcurrently ? { partitionsConcurrently: deps.partitionsConcurrently } : {}),
        ...(deps.lanes ? { lanes: deps.lanes } : {}),
        stateName: 'household history',
        reset: () => (history = new WindowedHistory(retention)),
        replaySpanMs: replaySpanMs(retention),
        stateSize: () => history.size(),
        begin: () => {
          const staged = new StagedHistory(history);
          return {
            handle: (decoded, message) => handle(decoded, message, staged),
            commit: () => staged.commit(),
          };
        },
      });
      return subscription;
    },
    async stop() {
      await subscription?.stop();
    },
  };
}
