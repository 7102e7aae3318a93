import type { OutgoingMessage } from '@sharehub/kit';
import type { ShareNotification, TriageRequired } from '@sharehub/schemas';
import type {
  InboxNotification,
  InboxPage,
  InboxStore,
  InboxTriageItem,
  NotificationQuery,
  OutboxEntry,
  TriageQuery,
} from '../store/InboxStore.js';
import { decodeCursor, encodeCursor, isAfter } from '../store/pageCursor.js';

const ms = (iso: string | null) => (iso === null ? null : Date.parse(iso));
// Instants as the SQL store answers them: ISO-8601 UTC with milliseconds.
const iso = (at: string) => new Date(at).toISOString();
const byDue =
  <T>(due: (t: T) => number | null, id: (t: T) => string) =>
  (a: T, b: T) =>
    (due(a) ?? Number.MAX_SAFE_INTEGER) - (due(b) ?? Number.MAX_SAFE_INTEGER) || (id(a) < id(b) ? -1 : 1);

function page<T>(
  sorted: readonly T[],
  limit: number,
  cursor: string | undefined,
  due: (t: T) => number | null,
  id: (t: T) => string,
): InboxPage<T> {
  const after = cursor ? decodeCursor(cursor) : undefined;
  const rest = after ? sorted.filter((t) => isAfter(due(t), id(t), after)) : sorted;
  const items = rest.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rest.length > limit && last ? encodeCursor({ dueMs: due(last), id: id(last) }) : null,
  };
}

/** The in-memory fake of {@link InboxStore}, held to the same contract suite as `SqlInboxStore`. */
export class InMemoryInboxStore implements InboxStore {
  private readonly notifications = new Map<string, InboxNotification>();
  private readonly triage = new Map<string, InboxTriageItem>();
  private readonly outbox: OutboxEntry[] = [];
  private seq = 0;
  private outboxSeq = 0;

  async addNotification(notification: ShareNotification, receivedAt: string): Promise<boolean> {
    if (this.notifications.has(notification.notificationId)) return false;
    this.notifications.set(notification.notificationId, {
      notification: structuredClone(notification),
      seq: ++this.seq,
      receivedAt: iso(receivedAt),
      acknowledgedAt: null,
      acknowledgedBy: null,
      escalatedAt: null,
    });
    return true;
  }

  async addTriageItem(item: TriageRequired, receivedAt: string): Promise<boolean> {
    if (this.triage.has(item.triageId)) return false;
    this.triage.set(item.triageId, {
      item: structuredClone(item),
      receivedAt: iso(receivedAt),
      assignment: null,
    });
    return true;
  }

  async getNotification(notificationId: string) {
    return this.notifications.get(notificationId);
  }

  async listNotifications(query: NotificationQuery) {
    const overdueMs = query.overdueAt ? Date.parse(query.overdueAt) : undefined;
    const dueBeforeMs = query.dueBefore ? Date.parse(query.dueBefore) : undefined;
    const due = (n: InboxNotification) => ms(n.notification.dueBy);
    const matching = [...this.notifications.values()]
      .filter(
        (n) =>
          n.notification.recipient.teamId === query.teamId &&
          (query.status === 'all' || (query.status === 'open') === (n.acknowledgedAt === null)) &&
          (overdueMs === undefined || (n.acknowledgedAt === null && due(n)! < overdueMs)) &&
          (dueBeforeMs === undefined || due(n)! <= dueBeforeMs),
      )
      .sort(byDue(due, (n) => n.notification.notificationId));
    return page(matching, query.limit, query.cursor, due, (n) => n.notification.notificationId);
  }

  async notificationsSince(teamId: string, afterSeq: number, limit: number) {
    return [...this.notifications.values()]
      .filter((n) => n.notification.recipient.teamId === teamId && n.seq > afterSeq)
      .sort((a, b) => a.seq - b.seq)
      .slice(0, limit);
  }

  async notificationsReceived(teamId: string, from: string, to: string) {
    const [start, end] = [Date.parse(from), Date.parse(to)];
    return [...this.notifications.values()]
      .filter((n) => {
        const at = Date.parse(n.receivedAt);
        return n.notification.recipient.teamId === teamId && at >= start && at < end;
      })
      .sort((a, b) => a.seq - b.seq);
  }

  async latestSeq(teamId: string) {
    let latest = 0;
    for (const n of this.notifications.values())
      if (n.notification.recipient.teamId === teamId) latest = Math.max(latest, n.seq);
    return latest;
  }

  async acknowledge(
    notificationId: string,
    ack: { by: string; at: string },
    events: (acknowledged: InboxNotification) => readonly OutgoingMessage[],
  ) {
    const held = this.notifications.get(notificationId);
    if (!held) return undefined;
    if (held.acknowledgedAt !== null) return { notification: held, acknowledgedNow: false };
    const acknowledged = { ...held, acknowledgedAt: iso(ack.at), acknowledgedBy: ack.by };
    const outputs = events(acknowledged);
    this.notifications.set(notificationId, acknowledged);
    this.push(outputs);
    return { notification: acknowledged, acknowledgedNow: true };
  }

  async escalateOverdue(
    now: string,
    limit: number,
    events: (escalated: InboxNotification) => readonly OutgoingMessage[],
  ) {
    const nowMs = Date.parse(now);
    const due = [...this.notifications.values()]
      .filter(
        (n) =>
          n.acknowledgedAt === null && n.escalatedAt === null && Date.parse(n.notification.dueBy) < nowMs,
      )
      .sort(
        byDue(
          (n) => ms(n.notification.dueBy),
          (n) => n.notification.notificationId,
        ),
      )
      .slice(0, limit);
    return due.map((n) => {
      const escalated = { ...n, escalatedAt: iso(now) };
      this.push(events(escalated));
      this.notifications.set(n.notification.notificationId, escalated);
      return escalated;
    });
  }

  async getTriageItem(triageId: string) {
    return this.triage.get(triageId);
  }

  async listTriage(query: TriageQuery) {
    const due = (t: InboxTriageItem) => ms(t.item.dueBy);
    const matching = [...this.triage.values()]
      .filter(
        (t) =>
          query.areas.includes(t.item.area) &&
          (query.status === 'all' || (query.status === 'open') === (t.assignment === null)),
      )
      .sort(byDue(due, (t) => t.item.triageId));
    return page(matching, query.limit, query.cursor, due, (t) => t.item.triageId);
  }

  async assignTriage(
    triageId: string,
    assignment: NonNullable<InboxTriageItem['assignment']>,
    events: (assigned: InboxTriageItem) => readonly OutgoingMessage[],
  ) {
    const held = this.triage.get(triageId);
    if (!held) return undefined;
    if (held.assignment !== null) return { item: held, assignedNow: false };
    const assigned = { ...held, assignment: { ...assignment, assignedAt: iso(assignment.assignedAt) } };
    const outputs = events(assigned);
    this.triage.set(triageId, assigned);
    this.push(outputs);
    return { item: assigned, assignedNow: true };
  }

  async enqueue(messages: readonly OutgoingMessage[]) {
    this.push(messages);
  }

  async pendingOutbox(limit: number) {
    return this.outbox.slice(0, limit);
  }

  async removeFromOutbox(ids: readonly number[]) {
    const gone = new Set(ids);
    for (let i = this.outbox.length - 1; i >= 0; i--)
      if (gone.has(this.outbox[i]!.id)) this.outbox.splice(i, 1);
  }

  async close() {}

  private push(messages: readonly OutgoingMessage[]) {
    for (const message of messages) this.outbox.push({ id: ++this.outboxSeq, message });
  }
}
