import {
  decideCarePlan,
  decideMarac,
  DEFAULT_LATENESS_DAYS,
  ExpiringKeys,
  listingSummaryOf,
  replaySpanMs,
  StagedHistory,
  UnknownAreaError,
  WindowedHistory,
  type Decision,
} from '@sharehub/decision-core';
import {
  auditDecision,
  auditShare,
  auditTriage,
  eventTimeOf,
  hubTopics,
  startDecisionTransform,
  toShareDecision,
  toShareNotification,
  toTriageRequired,
  type DeadLetterReason,
  type DecisionServiceDeps,
  type HubTopics,
} from '@sharehub/decision-events';
import type { IncomingMessage, OutgoingMessage, Subscription } from '@sharehub/kit';
import type { CarePlanIssued, Decoded, MaracListed } from '@sharehub/schemas';
import { createConsentState } from './createConsentState.js';

/** What the router service is built from. */
export interface RouterDeps extends DecisionServiceDeps {
  /**
   * The topic catalogue, its prefix applied once (default: unprefixed). The router reads careplan.issued (police
   * care plans, the gateway's), careplan.hub (the hub's own, triage's, already decided and audited there: the topic,
   * which a publisher cannot write, tells them apart, ADR 0091), marac.listed and consent.recorded, and writes
   * notification, triage.required, share.decided, audit.record and deadletter.
   */
  readonly topics?: HubTopics;
}

/** A running router service. */
export interface RouterService {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The router: routes every care plan (from the police or from triage) and MARAC listing to teams, writing one
 * ShareNotification per team and subject, a TriageRequired for each route it cannot resolve, and an audit record
 * for each, in one transaction with its consumed offsets. A notificationId already sent is never sent again while
 * its event is inside the rules' look-back; repeat MARACs are known from its own history of listings (both bounded
 * by event time, ADR 0082). Every share states the latest consent position the hub
 * holds: every instance reads all consent records (`createConsentState`), and no batch is
 * routed before it has applied every consent record the broker held when the batch was taken up.
 */
export function createRouterService(deps: RouterDeps): RouterService {
  const topics = deps.topics ?? hubTopics();
  const out = {
    notifications: topics.notification,
    triage: topics.triageRequired,
    decisions: topics.shareDecided,
    audit: topics.auditRecord,
  };
  const retention = deps.retention ?? { windowMonths: 12, latenessDays: DEFAULT_LATENESS_DAYS };
  let history = new WindowedHistory(retention);
  /** The notification and triage ids sent, each held as long as its event's time is inside the window. */
  let sent = new ExpiringKeys();
  const consents = createConsentState({
    bus: deps.bus,
    codec: deps.codec,
    logger: deps.logger,
    groupId: `${deps.groupId}.consents`,
    topics,
  });
  const subscriptions: Subscription[] = [];

  const withConsents = (staged: StagedHistory) => ({
    incidentsAt: (h: string) => staged.incidentsAt(h),
    listingsFor: (v: string) => staged.listingsFor(v),
    consentsFor: (p: string) => consents.view.consentsFor(p),
  });

  const route = (
    decision: Decision,
    stagedSent: Map<string, number>,
    at: number,
    ownDecision: boolean,
  ): OutgoingMessage[] => {
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
      stagedSent.set(share.notificationId, at);
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
      stagedSent.set(item.triageId, at);
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
    stagedSent: Map<string, number>,
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
        const fromHub = message.topic === topics.hubCarePlan;
        // Seen ids are kept per origin, so a publisher's eventId can never pre-empt one of the hub's.
        const seenId = fromHub ? `hub:${plan.eventId}` : plan.eventId;
        const at = eventTimeOf(plan.incident.occurredAt, message);
        staged.advance(at);
        if (staged.hasSeen(seenId)) return [];
        staged.markSeen(seenId, at);
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
        const outputs = route(decision, stagedSent, at, !fromHub);
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
        const at = eventTimeOf(listing.listedAt, message);
        staged.advance(at);
        if (staged.hasSeen(listing.eventId)) return [];
        const decision = decideMarac(deps.areaOf(listing.area), listing, withConsents(staged));
        staged.addListing(listingSummaryOf(listing));
        const outputs = route(decision, stagedSent, at, true);
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

  return {
    async start() {
      subscriptions.push(await consents.start());
      subscriptions.push(
        await startDecisionTransform({
          bus: deps.bus,
          codec: deps.codec,
          logger: deps.logger,
          groupId: deps.groupId,
          topics,
          inputs: [topics.carePlanIssued, topics.hubCarePlan, topics.maracListed],
          ...(deps.partitionsConcurrently ? { partitionsConcurrently: deps.partitionsConcurrently } : {}),
          ...(deps.lanes ? { lanes: deps.lanes } : {}),
          stateName: 'routing history',
          reset: () => {
            history = new WindowedHistory(retention);
            sent = new ExpiringKeys();
          },
          replaySpanMs: replaySpanMs(retention),
          stateSize: () => ({ ...history.size(), sentIds: sent.size }),
          begin: () => {
            const staged = new StagedHistory(history);
            const stagedSent = new Map<string, number>();
            return {
              handle: (decoded, message) => handle(decoded, message, staged, stagedSent),
              commit: () => {
                staged.commit();
                for (const [id, at] of stagedSent) sent.add(id, at);
                sent.expireBefore(history.horizon);
              },
            };
          },
          before: () => consents.caughtUp(),
        }),
      );
    },
    async stop() {
      for (const s of subscriptions.splice(0).reverse()) await s.stop();
    },
  };
}
