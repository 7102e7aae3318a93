import {
  decideIncident,
  MemoryHistory,
  StagedHistory,
  UnknownAreaError,
  type AreaContext,
  type Decision,
} from '@sharehub/decision-core';
import {
  auditDecision,
  toCarePlan,
  toShareDecision,
  transformEach,
  deadLetterOutputs,
  type DeadLetterReason,
} from '@sharehub/decision-events';
import { TOPICS } from '@sharehub/contracts';
import type {
  EventBus,
  IncomingMessage,
  Logger,
  MessageBatch,
  OutgoingMessage,
  Subscription,
} from '@sharehub/kit';
import type { CarePlanIssued, Codec, Decoded, IncidentRecorded } from '@sharehub/schemas';

/** What the triage service is built from. */
export interface TriageDeps {
  readonly bus: EventBus;
  readonly codec: Codec;
  readonly areaOf: (area: string) => AreaContext;
  readonly logger: Logger;
  readonly groupId: string;
  /** How many input partitions are handled at once (default 1). */
  readonly partitionsConcurrently?: number;
  /** Input topics (defaults: incident.recorded, careplan.issued: police care plans); tests pass fresh ones. */
  readonly topics?: { readonly incidents: string; readonly carePlans: string };
  /** Output topics (defaults from the catalogue; the hub's own care plans go to careplan.hub, ADR 0091). */
  readonly outputs?: {
    readonly carePlans: string;
    readonly decisions: string;
    readonly audit: string;
    /** Where dead letters go (default: the catalogue's `deadletter`; prefixed like the others when given). */
    readonly deadLetter?: string;
  };
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
 * History lives in memory, rebuilt on every partition assignment by replaying the group's own consumed inputs.
 */
export function createTriageService(deps: TriageDeps): TriageService {
  const topics = deps.topics ?? { incidents: TOPICS.incidentRecorded, carePlans: TOPICS.carePlanIssued };
  const out = deps.outputs ?? {
    carePlans: TOPICS.hubCarePlan,
    decisions: TOPICS.shareDecided,
    audit: TOPICS.auditRecord,
  };
  const letters = { deadLetter: out.deadLetter ?? TOPICS.deadLetter, audit: out.audit };
  let history = new MemoryHistory();
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
      if (staged.hasSeen(plan.eventId)) return [];
      staged.markSeen(plan.eventId);
      const i = plan.incident;
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

  const processBatch = (batch: MessageBatch) => {
    const staged = new StagedHistory(history);
    const started = process.hrtime.bigint();
    const outputs = transformEach(
      { codec: deps.codec, consumerGroup: deps.groupId, letters, logger: deps.logger },
      batch.messages,
      (decoded, message) => handle(decoded, message, staged),
    );
    deps.logger.info(
      {
        topic: batch.topic,
        partition: batch.partition,
        offset: batch.messages[0]?.offset,
        messages: batch.messages.length,
        outputs: outputs.length,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
      },
      'batch decided',
    );
    return { outputs, afterCommit: () => staged.commit() };
  };

  return {
    async start() {
      subscription = await deps.bus.consumeTransactionally(
        {
          groupId: deps.groupId,
          partitionsConcurrently: deps.partitionsConcurrently ?? 1,
          topics: [topics.incidents, topics.carePlans],
          deadLetter: (m, why) => deadLetterOutputs(deps.codec, m, deps.groupId, why, letters),
          onAssigned: async (assignment) => {
            history = new MemoryHistory();
            const started = Date.now();
            const { messages } = await deps.bus.replayConsumed(deps.groupId, assignment, async (batch) => {
              processBatch(batch).afterCommit();
            });
            deps.logger.info(
              { assignment, replayed: messages, ms: Date.now() - started },
              'household history restored',
            );
          },
        },
        async (batch) => processBatch(batch),
      );
      return subscription;
    },
    async stop() {
      await subscription?.stop();
    },
  };
}
