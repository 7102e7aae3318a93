import type { AuditRecord, DeadLetter, ShareNotification, TriageRequired } from '@sharehub/schemas';
import type { collectOutputs } from '../hubHarness.js';
import type { FaultHub } from './faultHub.js';
import type { PostOutcome } from './steadyLoad.js';

/** Counts by id, per kind of thing the hub must make exactly once. */
export interface ThingCounts {
  readonly expected: number;
  /** Expected and never seen. */
  readonly lost: readonly string[];
  /** Seen more than once. */
  readonly duplicated: readonly string[];
  /** Seen without its audit record. */
  readonly unaudited: readonly string[];
}

/** The reconciliation of one fault run: every accepted input against what the hub made of it. */
export interface Reconciliation {
  readonly accepted: number;
  readonly refused: ReadonlyArray<{ n: number; status: number }>;
  readonly decisions: ThingCounts;
  readonly notifications: ThingCounts;
  readonly triage: ThingCounts;
  /** Notifications each team's inbox holds: missing from the right team, twice there, or in another team's. */
  readonly inbox: {
    readonly missing: readonly string[];
    readonly duplicated: readonly string[];
    readonly misplaced: readonly string[];
  };
  /** Distinct audit records on the audit topic, and the size of the latest signed checkpoint of the audit log. */
  readonly auditLog: { readonly distinctRecords: number; readonly checkpointSize: number };
  /** Dead letters that were not injected on purpose (topic: reason). */
  readonly unexpectedDeadLetters: readonly string[];
}

type Outputs = Awaited<ReturnType<typeof collectOutputs>>;

const count = <T>(items: readonly T[], idOf: (item: T) => string | null | undefined) => {
  const counts = new Map<string, number>();
  for (const item of items) {
    const id = idOf(item);
    if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
};

function tally(expectedIds: readonly string[], seen: Map<string, number>, audited: Set<string>): ThingCounts {
  return {
    expected: expectedIds.length,
    lost: expectedIds.filter((id) => !seen.has(id)),
    duplicated: expectedIds.filter((id) => (seen.get(id) ?? 0) > 1),
    unaudited: expectedIds.filter((id) => seen.has(id) && !audited.has(id)),
  };
}

/**
 * Waits until the hub has made everything the accepted inputs call for (or `timeoutMs` passes), then a quiet
 * `settleMs` more so late duplicates show, and counts by id: decisions, notifications, triage items, their audit
 * records, each team's inbox, the audit log's signed size, and dead letters (`isInjected` tells poison sent on
 * purpose). The caller asserts; a failed wait still returns the counts, so the failure names what is missing.
 */
export async function reconcile(
  hub: FaultHub,
  out: Outputs,
  outcomes: readonly PostOutcome[],
  options: { timeoutMs: number; settleMs?: number; isInjected?: (letter: DeadLetter) => boolean },
): Promise<Reconciliation> {
  const accepted = outcomes.filter((o) => o.status === 202 || o.status === 200).map((o) => o.input);
  const refused = outcomes
    .filter((o) => o.status !== 202 && o.status !== 200)
    .map((o) => ({ n: o.input.n, status: o.status }));
  const decidedIds = accepted.filter((i) => i.decided).map((i) => i.body.eventId);
  const notificationIds = accepted.flatMap((i) => i.notifications.map((n) => n.notificationId));
  const triageIds = accepted.flatMap((i) => i.triageIds);
  const decidedSet = new Set(decidedIds);
  const notificationSet = new Set(notificationIds);
  const triageSet = new Set(triageIds);

  const audits = () => out.of<AuditRecord>(hub.topics.auditRecord);
  const decisionAudits = () =>
    audits().filter(
      (a) => (a.kind === 'SHARED' || a.kind === 'NOT_SHARED') && decidedSet.has(a.source?.eventId ?? ''),
    );
  const everythingMade = () => {
    const a = audits();
    const shareSent = new Set(a.filter((r) => r.kind === 'SHARE_SENT').map((r) => r.notificationId));
    const routed = new Set(a.filter((r) => r.kind === 'ROUTED_TO_TRIAGE').map((r) => r.triageId));
    return (
      new Set(decisionAudits().map((r) => r.source?.eventId)).size >= decidedSet.size &&
      new Set(
        out
          .of<ShareNotification>(hub.topics.notification)
          .map((n) => n.notificationId)
          .filter((id) => notificationSet.has(id)),
      ).size >= notificationSet.size &&
      [...notificationSet].every((id) => shareSent.has(id)) &&
      [...triageSet].every((id) => routed.has(id))
    );
  };
  const deadline = Date.now() + options.timeoutMs;
  while (!everythingMade() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  await new Promise((r) => setTimeout(r, options.settleMs ?? 3000));

  const all = audits();
  const decisions = tally(
    decidedIds,
    count(decisionAudits(), (a) => a.source?.eventId),
    decidedSet,
  );
  const notifications = tally(
    notificationIds,
    count(out.of<ShareNotification>(hub.topics.notification), (n) => n.notificationId),
    new Set(all.filter((a) => a.kind === 'SHARE_SENT').map((a) => a.notificationId ?? '')),
  );
  const triage = tally(
    triageIds,
    count(out.of<TriageRequired>(hub.topics.triageRequired), (t) => t.triageId),
    new Set(all.filter((a) => a.kind === 'ROUTED_TO_TRIAGE').map((a) => a.triageId ?? '')),
  );

  // Each team's inbox, read through the inbox API as the team would.
  const byTeam = new Map<string, string[]>();
  for (const i of accepted)
    for (const n of i.notifications)
      byTeam.set(n.teamId, [...(byTeam.get(n.teamId) ?? []), n.notificationId]);
  const readInboxes = async () => {
    const inbox = { missing: [] as string[], duplicated: [] as string[], misplaced: [] as string[] };
    for (const [teamId, ids] of byTeam) {
      const held = await inboxOf(hub, teamId);
      const counts = count(held, (id) => id);
      for (const id of ids) {
        if (!counts.has(id)) inbox.missing.push(id);
        else if (counts.get(id)! > 1) inbox.duplicated.push(id);
      }
      const mine = new Set(ids);
      for (const id of counts.keys())
        if (notificationSet.has(id) && !mine.has(id)) inbox.misplaced.push(`${id} in ${teamId}`);
    }
    return inbox;
  };
  // The inbox stores what the topic holds at its own pace (after a database outage, a backlog): wait for it too.
  let inbox = await readInboxes();
  while (inbox.missing.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 1000));
    inbox = await readInboxes();
  }

  // The audit log signs every distinct record once: wait for a checkpoint that covers them all.
  const distinctRecords = new Set(audits().map((a) => a.auditId)).size;
  let checkpointSize = 0;
  const logDeadline = Date.now() + 60_000;
  while (Date.now() < logDeadline) {
    checkpointSize = await latestCheckpointSize(hub);
    if (checkpointSize >= new Set(audits().map((a) => a.auditId)).size) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const unexpectedDeadLetters = out
    .of<DeadLetter>(hub.topics.deadLetter)
    .filter((d) => !(options.isInjected?.(d) ?? false))
    .map((d) => `${d.topic}: ${d.reasonCode} ${d.reason}`);
  return {
    accepted: accepted.length,
    refused,
    decisions,
    notifications,
    triage,
    inbox,
    auditLog: {
      distinctRecords: Math.max(distinctRecords, new Set(audits().map((a) => a.auditId)).size),
      checkpointSize,
    },
    unexpectedDeadLetters,
  };
}

/** Every notification id in a team's inbox (open and acknowledged), page by page, as the team's API client reads it. */
async function inboxOf(hub: FaultHub, teamId: string): Promise<string[]> {
  const token = await hub.tokenFor('recipient', teamId);
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams({ status: 'all', limit: '200', ...(cursor ? { cursor } : {}) });
    const res = await fetch(`${hub.inboxUrl}/v1/inbox/notifications?${query.toString()}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (res.status !== 200)
      throw new Error(`the inbox of ${teamId} answered ${res.status}: ${await res.text()}`);
    const page = (await res.json()) as {
      notifications: Array<{ notificationId: string }>;
      nextCursor: string | null;
    };
    ids.push(...page.notifications.map((n) => n.notificationId));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids;
}

/** The size of the audit log's latest signed checkpoint (0 before the first). */
async function latestCheckpointSize(hub: FaultHub): Promise<number> {
  const token = await hub.tokenFor('auditor', 'trafford-ig');
  const res = await fetch(`${hub.auditUrl}/v1/audit/checkpoints/latest`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (res.status !== 200) return 0;
  const body = (await res.json()) as { size?: number; treeSize?: number; checkpoint?: { size?: number } };
  return body.size ?? body.treeSize ?? body.checkpoint?.size ?? 0;
}
