import { randomUUID } from 'node:crypto';
import {
  deterministicId,
  EMPTY_PAYLOAD,
  minimisedPayload,
  PAYLOAD_POLICY,
  type Team,
  type VersionRef,
} from '@sharehub/decision-core';
import type { OutgoingMessage } from '@sharehub/kit';
import type { Caller } from '@sharehub/kit/auth';
import {
  accessGrantedRecords,
  newAuditRecord,
  type AuditRecord,
  type Codec,
  type ReadItem,
  type ShareNotification,
  type TriageRequired,
} from '@sharehub/schemas';
import type { InboxNotification, InboxTriageItem } from '../store/InboxStore.js';
import type { InboxTopics } from './inboxTopics.js';

/** Who the inbox is, as the actor of the audit records it writes for itself. */
export const INBOX_ACTOR = 'inbox';

/** Builds the events the inbox writes (through its outbox): acknowledgements, escalations, assignments, refusals. */
export function createInboxEvents(codec: Codec, topics: InboxTopics) {
  const audit = (record: AuditRecord): OutgoingMessage => ({
    topic: topics.auditRecord,
    key: record.auditId,
    value: codec.encode('AuditRecord', record),
  });
  const aboutNotification = (n: ShareNotification) => ({
    area: n.area,
    source: { ...n.source },
    recipient: { ...n.recipient },
    subjectPersonIds: [n.subjectPersonId],
    notificationId: n.notificationId,
    shareKind: n.shareKind,
    dueBy: n.dueBy,
    ruleset: { ...n.ruleset },
    ...(n.directory ? { directory: { ...n.directory } } : {}),
    decisionId: n.decisionId,
  });
  /** The audit record of something that happened to a notification (its id is deterministic: one per kind). */
  const notificationAudit = (
    n: ShareNotification,
    kind: 'ACKNOWLEDGED' | 'ESCALATED',
    at: { occurredAt: string; actor: string; reason: string },
  ): OutgoingMessage =>
    audit(
      newAuditRecord({
        ...aboutNotification(n),
        auditId: deterministicId('a', kind, n.notificationId),
        kind,
        ...at,
      }),
    );

  return {
    /** NotificationAcknowledged and its ACKNOWLEDGED audit record. */
    acknowledged(held: InboxNotification): OutgoingMessage[] {
      const n = held.notification;
      return [
        {
          topic: topics.notificationAcknowledged,
          key: n.recipient.teamId,
          value: codec.encode('NotificationAcknowledged', {
            notificationId: n.notificationId,
            teamId: n.recipient.teamId,
            acknowledgedBy: held.acknowledgedBy!,
            acknowledgedAt: held.acknowledgedAt!,
          }),
        },
        notificationAudit(n, 'ACKNOWLEDGED', {
          occurredAt: held.acknowledgedAt!,
          actor: held.acknowledgedBy!,
          reason: 'acknowledged by the recipient team',
        }),
      ];
    },

    /** NotificationEscalated and its ESCALATED audit record (once per notification: the store sees to that). */
    escalated(held: InboxNotification): OutgoingMessage[] {
      const n = held.notification;
      return [
        {
          topic: topics.notificationEscalated,
          key: n.recipient.teamId,
          value: codec.encode('NotificationEscalated', {
            notificationId: n.notificationId,
            teamId: n.recipient.teamId,
            area: n.area,
            dueBy: n.dueBy,
            escalatedAt: held.escalatedAt!,
          }),
        },
        notificationAudit(n, 'ESCALATED', {
          occurredAt: held.escalatedAt!,
          actor: INBOX_ACTOR,
          reason: `not acknowledged by its due time ${n.dueBy}`,
        }),
      ];
    },

    /**
     * A triage item assigned to a team by a person: the ShareNotification it becomes (minimised to what that team's
     * service may see), its SHARE_SENT record, and the TRIAGE_ASSIGNED record naming who decided.
     */
    assigned(held: InboxTriageItem, team: Team, directory: VersionRef): OutgoingMessage[] {
      const notification = assignedNotification(held, team, directory);
      const a = held.assignment!;
      const item = held.item;
      const { dataCategories } = minimisedPayload(team.service, notification.payload, PAYLOAD_POLICY);
      const common = {
        ...aboutNotification(notification),
        lawfulBasis: notification.lawfulBasis,
        consent: { ...notification.consent },
        rulesFired: notification.rationale.map((r) => ({ ...r })),
        dataCategories: [...dataCategories],
        triageId: item.triageId,
      };
      return [
        {
          topic: topics.notification,
          key: team.teamId,
          value: codec.encode('ShareNotification', notification),
        },
        audit(
          newAuditRecord({
            ...common,
            auditId: deterministicId('a', 'TRIAGE_ASSIGNED', item.triageId),
            kind: 'TRIAGE_ASSIGNED',
            occurredAt: a.assignedAt,
            actor: a.assignedBy,
            reason: `${item.route}: ${item.reason}; assigned to ${team.teamId}`,
          }),
        ),
        audit(
          newAuditRecord({
            ...common,
            auditId: deterministicId('a', 'SHARE_SENT', notification.notificationId),
            kind: 'SHARE_SENT',
            occurredAt: a.assignedAt,
            actor: INBOX_ACTOR,
            reason: `routed from triage by ${a.assignedBy}`,
          }),
        ),
      ];
    },

    /**
     * The ACCESS_GRANTED audit records of a read of notifications or triage items (docs/domain/audit-record.md; ADR 0092): who, which
     * route, the ids and the people they are about; none for a read that returned nothing.
     */
    accessGranted(
      caller: Caller,
      at: string,
      what: {
        readonly route: string;
        readonly purpose: string;
        readonly idsAre: 'notificationIds' | 'triageIds';
        readonly items: readonly ReadItem[];
      },
    ): OutgoingMessage[] {
      return accessGrantedRecords({
        auditId: () => randomUUID(),
        at,
        actor: caller.subject,
        org: caller.org,
        service: INBOX_ACTOR,
        route: what.route,
        purpose: what.purpose,
        idsAre: what.idsAre,
        items: what.items,
      }).map(audit);
    },

    /** The ACCESS_REFUSED audit record of a caller refused something (docs/domain/audit-record.md). */
    accessRefused(
      caller: Caller,
      at: string,
      what: { readonly route: string; readonly reason: string; readonly notificationId?: string },
    ): OutgoingMessage[] {
      return [
        audit(
          newAuditRecord({
            auditId: deterministicId('a', 'ACCESS_REFUSED', caller.subject, caller.org, what.route, at),
            kind: 'ACCESS_REFUSED',
            occurredAt: at,
            actor: caller.subject,
            reason: what.reason,
            notificationId: what.notificationId ?? null,
            detail: JSON.stringify({
              service: INBOX_ACTOR,
              route: what.route,
              org: caller.org,
              roles: caller.roles,
            }),
          }),
        ),
      ];
    },
  };
}

/** The inbox's event builders. */
export type InboxEvents = ReturnType<typeof createInboxEvents>;

/** The id of the notification a triage item becomes when assigned to a team (deterministic, like every share's). */
export function assignedNotificationId(triageId: string, teamId: string): string {
  return deterministicId('n', 'TRIAGE', triageId, teamId);
}

/**
 * The ShareNotification of an assigned triage item: the item's source, subject, deadline, consent position, lawful
 * basis and rationale, to the assigned team, with only what that team's service may see. An item with no subject
 * (a shared event with nobody to share about) is about the event: subject `event:<eventId>`.
 */
export function assignedNotification(
  held: InboxTriageItem,
  team: Team,
  directory: VersionRef,
): ShareNotification {
  const item: TriageRequired = held.item;
  const a = held.assignment!;
  const payload = item.payload ? minimisedPayload(team.service, item.payload, PAYLOAD_POLICY).payload : null;
  return {
    notificationId: a.notificationId,
    area: item.area,
    source: { ...item.source },
    recipient: { service: team.service, teamId: team.teamId },
    subjectPersonId: item.subjectPersonId ?? `event:${item.source.eventId}`,
    shareKind: item.shareKind ?? 'NOTIFICATION',
    // The deadline counts from the source event, as every share's does (docs/domain/deadlines.md); triage does not restart it.
    dueBy: item.dueBy ?? a.assignedAt,
    flags: ['FROM_TRIAGE'],
    consent: item.consent ? { ...item.consent } : { status: 'NOT_RECORDED', reason: null, basis: null },
    lawfulBasis: item.lawfulBasis ?? '',
    rationale: item.rationale.map((r) => ({ ...r })),
    ruleset: { ...item.ruleset },
    isRepeatMarac: item.isRepeatMarac,
    payload: payload ?? { ...EMPTY_PAYLOAD },
    directory: { ...directory },
    decisionId: null,
    householdKey: null,
  };
}
