import type { OutgoingMessage } from '@sharehub/kit';
import type { ShareNotification, TriageRequired } from '@sharehub/schemas';

/** A notification as a team's inbox holds it: the event, when it arrived, and what the team did with it. */
export interface InboxNotification {
  readonly notification: ShareNotification;
  /** Arrival order in the inbox (for the live stream). */
  readonly seq: number;
  readonly receivedAt: string;
  readonly acknowledgedAt: string | null;
  readonly acknowledgedBy: string | null;
  /** When the overdue escalation went out (once). */
  readonly escalatedAt: string | null;
}

/** A triage item in an area's queue, and its assignment once a person routed it. */
export interface InboxTriageItem {
  readonly item: TriageRequired;
  readonly receivedAt: string;
  readonly assignment: {
    readonly teamId: string;
    readonly notificationId: string;
    readonly assignedBy: string;
    readonly assignedAt: string;
  } | null;
}

/** A page of results and the cursor of the next page (null on the last). */
export interface InboxPage<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/** What a team's list asks for. Ordered by due time, most urgent first, then id. */
export interface NotificationQuery {
  readonly teamId: string;
  /** `open`: not acknowledged; `acknowledged`; `all`. */
  readonly status: 'open' | 'acknowledged' | 'all';
  /** Only open items past their due time at `now`. */
  readonly overdueAt?: string;
  /** Only items due at or before this instant. */
  readonly dueBefore?: string;
  readonly cursor?: string;
  readonly limit: number;
}

/** What a triage queue list asks for. Ordered by due time, then id. */
export interface TriageQuery {
  readonly areas: readonly string[];
  readonly status: 'open' | 'assigned' | 'all';
  readonly cursor?: string;
  readonly limit: number;
}

/** One message waiting in the outbox, with its position. */
export interface OutboxEntry {
  readonly id: number;
  readonly message: OutgoingMessage;
}

/**
 * The inbox's state, as a port: `SqlInboxStore` (PostgreSQL or embedded PGlite) and `InMemoryInboxStore` (the fake)
 * both pass `inboxStoreContract`. Every change a team makes is stored together with the events it causes (the
 * outbox), in one transaction, so an acknowledgement answered 200 is never lost even if the broker is down: the
 * outbox relay sends them when it can.
 *
 * @example
 *   const { notification, acknowledgedNow } = await store.acknowledge(id, { by, at }, (n) => eventsOf(n));
 */
export interface InboxStore {
  /** Keeps a notification once (by notificationId); false if it was already held. */
  addNotification(notification: ShareNotification, receivedAt: string): Promise<boolean>;
  /** Keeps a triage item once (by triageId); false if it was already held. */
  addTriageItem(item: TriageRequired, receivedAt: string): Promise<boolean>;
  getNotification(notificationId: string): Promise<InboxNotification | undefined>;
  listNotifications(query: NotificationQuery): Promise<InboxPage<InboxNotification>>;
  /** Notifications of a team that arrived after `afterSeq`, in arrival order (the live stream). */
  notificationsSince(teamId: string, afterSeq: number, limit: number): Promise<readonly InboxNotification[]>;
  /**
   * The team's notifications that arrived in `[from, to)` (ISO-8601 instants), in arrival order: what the team's
   * dashboard counts (shares received, acknowledged in time, late, overdue).
   */
  notificationsReceived(teamId: string, from: string, to: string): Promise<readonly InboxNotification[]>;
  /** The arrival number of the team's newest notification (0 when none). */
  latestSeq(teamId: string): Promise<number>;
  /**
   * Acknowledges once: the first call records who and when and stores `events(acknowledged)` in the outbox; a later
   * call changes nothing and answers the first acknowledgement. Undefined when there is no such notification.
   */
  acknowledge(
    notificationId: string,
    ack: { readonly by: string; readonly at: string },
    events: (acknowledged: InboxNotification) => readonly OutgoingMessage[],
  ): Promise<{ notification: InboxNotification; acknowledgedNow: boolean } | undefined>;
  /**
   * Marks up to `limit` open notifications past their due time at `now` as escalated (each once, ever) and stores
   * `events(escalated)` of each in the outbox; answers those it escalated.
   */
  escalateOverdue(
    now: string,
    limit: number,
    events: (escalated: InboxNotification) => readonly OutgoingMessage[],
  ): Promise<readonly InboxNotification[]>;
  getTriageItem(triageId: string): Promise<InboxTriageItem | undefined>;
  listTriage(query: TriageQuery): Promise<InboxPage<InboxTriageItem>>;
  /** Assigns once, like {@link acknowledge}: a later call answers the first assignment and stores nothing. */
  assignTriage(
    triageId: string,
    assignment: NonNullable<InboxTriageItem['assignment']>,
    events: (assigned: InboxTriageItem) => readonly OutgoingMessage[],
  ): Promise<{ item: InboxTriageItem; assignedNow: boolean } | undefined>;
  /** Stores messages in the outbox (e.g. the audit record of a refused access). */
  enqueue(messages: readonly OutgoingMessage[]): Promise<void>;
  /** The oldest outbox messages, in the order they were stored. */
  pendingOutbox(limit: number): Promise<readonly OutboxEntry[]>;
  /** Removes sent messages from the outbox. */
  removeFromOutbox(ids: readonly number[]): Promise<void>;
  close(): Promise<void>;
}
