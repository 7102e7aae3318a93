import { randomUUID } from 'node:crypto';
import {
  decideCarePlan,
  decideMarac,
  listingSummaryOf,
  MemoryHistory,
  StagedHistory,
  UnknownAreaError,
  type AreaContext,
  type Decision,
} from '@sharehub/decision-core';
import {
  auditDecision,
  auditShare,
  auditTriage,
  deadLetterOutputs,
  transformEach,
  type DeadLetterReason,
  toShareDecision,
  toShareNotification,
  toTriageRequired,
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
import type {
  CarePlanIssued,
  Codec,
  ConsentRecorded,
  Decoded,
  DecodeError,
  MaracListed,
} from '@sharehub/schemas';

/** What the router service is built from. */
export interface RouterDeps {
  readonly bus: EventBus;
  readonly codec: Codec;
  readonly areaOf: (area: string) => AreaContext;
  readonly logger: Logger;
  readonly groupId: string;
  /** How many input partitions are handled at once (default 1). */
  readonly partitionsConcurrently?: number;
  /**
   * Input topics (defaults from the catalogue); tests pass fresh ones. `carePlans` holds police care plans (the
   * gateway's), `hubCarePlans` the hub's own (triage's, already decided and audited there): the topic, which a
   * publisher cannot write, tells them apart, never a field of the plan (ADR 0091).
   */
  readonly topics?: {
    readonly carePlans: string;
    readonly hubCarePlans: string;
    readonly listings: string;
    readonly consents: string;
  };
  readonly outputs?: {
    readonly notifications: string;
    readonly triage: string;
    readonly decisions: string;
    readonly audit: string;
    /** Where dead letters go (default: the catalogue's `deadletter`; prefixed like the others when given). */
    readonly deadLetter?: string;
  };
}

/** A running router service. */
export interface RouterService {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The router: routes every care plan (from the police or from triage) and MARAC listing to teams, writing one
 * ShareNotification per team and subject, a TriageRequired for each route it cannot resolve, and an audit record
 * for each, in one transaction with its consumed offsets. A notificationId already sent is never sent again;
 * repeat MARACs are known from its own history of listings. Consent records are read from every partition into
 * memory (every share states the latest consent position the hub holds).
 */
export function createRouterService(deps: RouterDeps): RouterService {
  const topics = deps.topics ?? {
    carePlans: TOPICS.carePlanIssued,
    hubCarePlans: TOPICS.hubCarePlan,
    listings: TOPICS.maracListed,
    consents: TOPICS.consentRecorded,
  };
  const out = deps.outputs ?? {
    notifications: TOPICS.notification,
    triage: TOPICS.triageRequired,
    decisions: TOPICS.shareDecided,
    audit: TOPICS.auditRecord,
  };
  const letters = { deadLetter: out.deadLetter ?? TOPICS.deadLetter, audit: out.audit };
  const deadLetterFor = (group: string) => (m: IncomingMessage, why: DeadLetterReason) =>
    deadLetterOutputs(deps.codec, m, group, why, letters);
  let history = new MemoryHistory();
  let sent = new Set<string>();
  // Consents are global state, kept apart from the per-partition history so a rebalance does not drop them.
  const consents = new MemoryHistory();
  const subscriptions: Subscription[] = [];

  const withConsents = (staged: StagedHistory) => ({
    incidentsAt: (h: string) => staged.incidentsAt(h),
    listingsFor: (v: string) => staged.listingsFor(v),
    consentsFor: (p: string) => consents.consentsFor(p),
  });

  const route = (decision: Decision, stagedSent: Set<string>, ownDecision: boolean): OutgoingMessage[] => {
    const outputs: OutgoingMessage[] = [];
    if (ownDecision) {
      outputs.push({
        topic: out.decisions,
        key: decision.householdKey,
        value: deps.codec.encode(
          'ShareDecision',
          toShareDecision(decision, decision.source.type === 'CARE_PLAN' ? decision.source.ref : null),
        ),
      });
      const audit = auditDecision(decision, 'router', null);
      outputs.push({ topic: out.audit, key: audit.auditId, value: deps.codec.encode('AuditRecord', audit) });
    }
    for (const share of decision.shares) {
      if (sent.has(share.notificationId) || stagedSent.has(share.notificationId)) continue;
      stagedSent.add(share.notificationId);
      outputs.push({
        topic: out.notifications,
        key: share.teamId,
        value: deps.codec.encode('ShareNotification', toShareNotification(decision, share)),
      });
      const audit = auditShare(decision, share, 'router');
      outputs.push({ topic: out.audit, key: audit.auditId, value: deps.codec.encode('AuditRecord', audit) });
    }
    for (const item of decision.triage) {
      if (sent.has(item.triageId) || stagedSent.has(item.triageId)) continue;
      stagedSent.add(item.triageId);
      outputs.push({
        topic: out.triage,
        key: decision.area,
        value: deps.codec.encode('TriageRequired', toTriageRequired(decision, item)),
      });
      const audit = auditTriage(decision, item, 'router');
      outputs.push({ topic: out.audit, key: audit.auditId, value: deps.codec.encode('AuditRecord', audit) });
    }
    return outputs;
  };

  /** Routes one decoded event and returns what it produces (or why it must be dead-lettered). */
  const handle = (
    decoded: Decoded,
    message: IncomingMessage,
    staged: StagedHistory,
    stagedSent: Set<string>,
  ): OutgoingMessage[] | DeadLetterReason => {
    const log = {
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      eventType: decoded.type,
    };
    try {
      if (decoded.type === 'CarePlanIssued') {
        const plan = decoded.value as CarePlanIssued;
        const fromHub = message.topic === topics.hubCarePlans;
        // Seen ids are kept per origin, so a publisher's eventId can never pre-empt one of the hub's.
        const seenId = fromHub ? `hub:${plan.eventId}` : plan.eventId;
        if (staged.hasSeen(seenId)) return [];
        staged.markSeen(seenId);
        const decision = decideCarePlan(deps.areaOf(plan.area), plan, withConsents(staged));
        const i = plan.incident;
        staged.addIncident({
          eventId: i.eventId,
          forceCode: i.forceCode,
          incidentRef: i.incidentRef,
          householdKey: i.location.householdKey,
          occurredAt: i.occurredAt,
          shared: true,
        });
        const outputs = route(decision, stagedSent, !fromHub);
        deps.logger.debug(
          {
            ...log,
            eventId: plan.eventId,
            decisionId: decision.decisionId,
            shares: decision.shares.length,
            triage: decision.triage.length,
            written: outputs.length,
          },
          'care plan routed',
        );
        return outputs;
      }
      if (decoded.type === 'MaracListed') {
        const listing = decoded.value as MaracListed;
        if (staged.hasSeen(listing.eventId)) return [];
        const decision = decideMarac(deps.areaOf(listing.area), listing, withConsents(staged));
        staged.addListing(listingSummaryOf(listing));
        const outputs = route(decision, stagedSent, true);
        deps.logger.debug(
          {
            ...log,
            eventId: listing.eventId,
            decisionId: decision.decisionId,
            repeat: decision.isRepeatMarac,
            written: outputs.length,
          },
          'MARAC listing routed',
        );
        return outputs;
      }
    } catch (err) {
      if (err instanceof UnknownAreaError) return { code: err.code, reason: err.message };
      throw err;
    }
    return { code: 'WRONG_EVENT_TYPE', reason: `${decoded.type} does not belong on ${message.topic}` };
  };

  const processBatch = (batch: MessageBatch) => {
    const staged = new StagedHistory(history);
    const stagedSent = new Set<string>();
    const started = process.hrtime.bigint();
    const outputs = transformEach(
      { codec: deps.codec, consumerGroup: deps.groupId, letters, logger: deps.logger },
      batch.messages,
      (decoded, message) => handle(decoded, message, staged, stagedSent),
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
      'batch routed',
    );
    return {
      outputs,
      afterCommit: () => {
        staged.commit();
        for (const id of stagedSent) sent.add(id);
      },
    };
  };

  return {
    async start() {
      // Consent records: every partition, from the beginning, into memory (idempotent by eventId).
      subscriptions.push(
        await deps.bus.consume(
          {
            groupId: `${deps.groupId}.consents.${randomUUID()}`,
            topics: [topics.consents],
            fromBeginning: true,
          },
          async (batch) => {
            for (const m of batch.messages) {
              if (!m.value) continue;
              try {
                const decoded = deps.codec.decode(m.value);
                if (decoded.type === 'ConsentRecorded') consents.addConsent(decoded.value as ConsentRecorded);
              } catch (err) {
                // Dead-lettered (once, with its audit record) by the consent checker below.
                deps.logger.debug(
                  {
                    topic: m.topic,
                    partition: m.partition,
                    offset: m.offset,
                    code: (err as DecodeError).code,
                  },
                  'undecodable consent record skipped',
                );
              }
            }
          },
        ),
      );
      // The consent checker: a stable group that dead-letters what cannot be decoded, exactly once, and carries on.
      const checkerGroup = `${deps.groupId}.consents`;
      subscriptions.push(
        await deps.bus.consumeTransactionally(
          { groupId: checkerGroup, topics: [topics.consents], deadLetter: deadLetterFor(checkerGroup) },
          async (batch) =>
            transformEach(
              { codec: deps.codec, consumerGroup: checkerGroup, letters, logger: deps.logger },
              batch.messages,
              (decoded, m) =>
                decoded.type === 'ConsentRecorded'
                  ? []
                  : { code: 'WRONG_EVENT_TYPE', reason: `${decoded.type} does not belong on ${m.topic}` },
            ),
        ),
      );
      subscriptions.push(
        await deps.bus.consumeTransactionally(
          {
            groupId: deps.groupId,
            partitionsConcurrently: deps.partitionsConcurrently ?? 1,
            topics: [topics.carePlans, topics.hubCarePlans, topics.listings],
            deadLetter: deadLetterFor(deps.groupId),
            onAssigned: async (assignment) => {
              history = new MemoryHistory();
              sent = new Set();
              const started = Date.now();
              const { messages } = await deps.bus.replayConsumed(deps.groupId, assignment, async (batch) => {
                processBatch(batch).afterCommit();
              });
              deps.logger.info(
                { assignment, replayed: messages, ms: Date.now() - started },
                'routing history restored',
              );
            },
          },
          async (batch) => processBatch(batch),
        ),
      );
    },
    async stop() {
      for (const s of subscriptions.splice(0).reverse()) await s.stop();
    },
  };
}
