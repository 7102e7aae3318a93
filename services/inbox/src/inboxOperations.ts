import { servicesForTriageRoute, type AreaContext, type Team } from '@sharehub/decision-core';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type Clock } from '@sharehub/kit';
import { type Caller } from '@sharehub/kit/auth';
import type { TriageRequired } from '@sharehub/schemas';
import { teamFigures } from './dashboard/teamFigures.js';
import { assignedNotificationId, type InboxEvents } from './events/inboxEvents.js';
import type {
  InboxNotification,
  InboxPage,
  InboxStore,
  InboxTriageItem,
  NotificationQuery,
  TriageQuery,
} from './store/InboxStore.js';

/** A notification as a team sees it: the share, and where it stands (open or acknowledged, overdue or not). */
export type NotificationView = ReturnType<typeof toNotificationView>;

/** What the inbox's API and pages share: every rule of who may see and do what, in one place. */
export interface InboxOperationsDeps {
  readonly store: InboxStore;
  readonly events: InboxEvents;
  readonly clock: Clock;
  readonly areaOf: (area: string) => AreaContext;
  /** The team that works each area's triage queue. */
  readonly triageTeams: Readonly<Record<string, string>>;
  /** Told when something went into the outbox, so it is sent at once. */
  readonly onOutbox: () => void;
}

/** Builds the inbox's operations. Every refusal of an authenticated caller is audited (ACCESS_REFUSED). */
export function createInboxOperations(deps: InboxOperationsDeps) {
  const now = () => deps.clock.now().toISOString();

  const refuse = async (
    caller: Caller,
    route: string,
    reason: string,
    notificationId?: string,
    answer: Error = new ForbiddenError(reason, forbiddenMessage(reason)),
  ): Promise<never> => {
    await deps.store.enqueue(
      deps.events.accessRefused(caller, now(), {
        route,
        reason,
        ...(notificationId ? { notificationId } : {}),
      }),
    );
    deps.onOutbox();
    throw answer;
  };
  /** Audits a successful read of notifications (ACCESS_GRANTED, through the outbox), before it is answered. */
  const granted = async (
    caller: Caller,
    route: string,
    purpose: string,
    read: readonly InboxNotification[] | { triage: readonly InboxTriageItem[] },
  ): Promise<void> => {
    const triage = 'triage' in read;
    const items = triage
      ? read.triage.map(({ item }) => ({
          area: item.area,
          id: item.triageId,
          subjectPersonIds: item.subjectPersonId ? [item.subjectPersonId] : [],
        }))
      : read.map(({ notification: n }) => ({
          area: n.area,
          id: n.notificationId,
          subjectPersonIds: [n.subjectPersonId],
        }));
    if (items.length === 0) return;
    const idsAre = triage ? 'triageIds' : 'notificationIds';
    await deps.store.enqueue(deps.events.accessGranted(caller, now(), { route, purpose, idsAre, items }));
    deps.onOutbox();
  };
  const recipientTeam = async (caller: Caller, route: string): Promise<string> => {
    if (!caller.roles.includes('recipient')) return refuse(caller, route, 'ROLE_REQUIRED');
    return caller.org;
  };
  const ownNotification = async (caller: Caller, id: string, route: string): Promise<InboxNotification> => {
    const team = await recipientTeam(caller, route);
    const held = await deps.store.getNotification(id);
    // Another team's notification is answered exactly as an unknown id (no 404/403 oracle on ids), and audited.
    if (!held) throw notificationNotFound();
    if (held.notification.recipient.teamId !== team)
      return refuse(caller, route, 'NOT_YOUR_TEAM', id, notificationNotFound());
    return held;
  };
  const triageAreas = (caller: Caller): string[] =>
    caller.roles.includes('recipient')
      ? Object.entries(deps.triageTeams)
          .filter(([, team]) => team === caller.org)
          .map(([area]) => area)
      : [];
  const queueAreas = async (caller: Caller, route: string): Promise<string[]> => {
    const areas = triageAreas(caller);
    if (areas.length === 0) return refuse(caller, route, 'TRIAGE_TEAM_REQUIRED');
    return areas;
  };
  const ownTriageItem = async (caller: Caller, id: string, route: string): Promise<InboxTriageItem> => {
    const areas = await queueAreas(caller, route);
    const held = await deps.store.getTriageItem(id);
    // Another area's item is answered exactly as an unknown id, and audited.
    if (!held) throw triageItemNotFound();
    if (!areas.includes(held.item.area))
      return refuse(caller, route, 'NOT_YOUR_AREA', undefined, triageItemNotFound());
    return held;
  };

  return {
    /** The instant now, by the operations' clock (the pages' default date range). */
    now,

    /** The caller's team's notifications (recipient role). */
    async list(caller: Caller, query: Omit<NotificationQuery, 'teamId'> & { overdue?: boolean }) {
      const teamId = await recipientTeam(caller, 'list');
      const { overdue, ...rest } = query;
      const at = now();
      const page = await deps.store.listNotifications({
        ...rest,
        teamId,
        ...(overdue ? { overdueAt: at } : {}),
      });
      await granted(caller, 'list', 'INBOX_LIST', page.items);
      return { teamId, items: page.items.map((n) => toNotificationView(n, at)), nextCursor: page.nextCursor };
    },

    /** One of the caller's team's notifications; another team's is refused and audited. */
    async get(caller: Caller, notificationId: string) {
      const held = await ownNotification(caller, notificationId, 'get');
      await granted(caller, 'get', 'INBOX_READ', [held]);
      return toNotificationView(held, now());
    },

    /** Acknowledges once; a second acknowledgement answers the first. */
    async acknowledge(caller: Caller, notificationId: string) {
      await ownNotification(caller, notificationId, 'acknowledge');
      const result = await deps.store.acknowledge(notificationId, { by: caller.subject, at: now() }, (n) =>
        deps.events.acknowledged(n),
      );
      if (!result) throw notificationNotFound();
      if (result.acknowledgedNow) deps.onOutbox();
      return {
        acknowledgedNow: result.acknowledgedNow,
        notification: toNotificationView(result.notification, now()),
      };
    },

    /** The caller's team's notifications that arrived after `afterSeq` (for the live stream). */
    async since(caller: Caller, afterSeq: number | 'latest') {
      const teamId = await recipientTeam(caller, 'stream');
      if (afterSeq === 'latest') return { teamId, items: [], seq: await deps.store.latestSeq(teamId) };
      const at = now();
      const held = await deps.store.notificationsSince(teamId, afterSeq, 100);
      await granted(caller, 'stream', 'INBOX_STREAM', held);
      const items = held.map((n) => ({ seq: n.seq, view: toNotificationView(n, at) }));
      return { teamId, items, seq: items.at(-1)?.seq ?? afterSeq };
    },

    /** The areas whose triage queue the caller works (empty: none). */
    triageAreas,

    /** The triage queue of the caller's areas (the Safeguarding Families team). */
    /**
     * The caller's team's dashboard figures over `[from, to)` in `areas` (recipient role): counts only, naming no
     * person, so no ACCESS_GRANTED record. The triage queue is counted for a team that triages.
     */
    async teamDashboard(caller: Caller, range: { from: string; to: string; areas: readonly string[] }) {
      const teamId = await recipientTeam(caller, 'dashboard');
      const at = now();
      const inAreas = (n: InboxNotification) => range.areas.includes(n.notification.area);
      const received = (await deps.store.notificationsReceived(teamId, range.from, range.to)).filter(inAreas);
      const overdueOpen = await allPages((cursor) =>
        deps.store.listNotifications({
          teamId,
          status: 'open',
          overdueAt: at,
          limit: 500,
          ...(cursor ? { cursor } : {}),
        }),
      );
      const queues = triageAreas(caller).filter((a) => range.areas.includes(a));
      const waitingTriage =
        queues.length === 0
          ? []
          : await allPages((cursor) =>
              deps.store.listTriage({
                areas: queues,
                status: 'open',
                limit: 500,
                ...(cursor ? { cursor } : {}),
              }),
            );
      return teamFigures(teamId, { received, overdueOpen: overdueOpen.filter(inAreas), waitingTriage }, at);
    },

    async listTriage(caller: Caller, query: Omit<TriageQuery, 'areas'>): Promise<InboxPage<InboxTriageItem>> {
      const page = await deps.store.listTriage({ ...query, areas: await queueAreas(caller, 'triage list') });
      await granted(caller, 'triage list', 'TRIAGE_LIST', { triage: page.items });
      return page;
    },

    /** One triage item, with the teams it may be assigned to. */
    async getTriage(caller: Caller, triageId: string) {
      const held = await ownTriageItem(caller, triageId, 'triage get');
      await granted(caller, 'triage get', 'TRIAGE_READ', { triage: [held] });
      return { held, teams: assignableTeams(deps.areaOf(held.item.area), held.item) };
    },

    /**
     * Assigns a triage item to a team of its area whose service fits its route; it then goes to that team as a
     * normal notification, audited with who decided. The same assignment again answers the first; another is a 409.
     */
    async assign(caller: Caller, triageId: string, teamId: unknown) {
      const held = await ownTriageItem(caller, triageId, 'triage assign');
      if (typeof teamId !== 'string' || teamId === '')
        throw new ValidationError([
          { path: 'teamId', code: 'REQUIRED', message: 'name the team to assign to' },
        ]);
      const area = deps.areaOf(held.item.area);
      const team = assignableTeams(area, held.item).find((t) => t.teamId === teamId);
      if (!team)
        throw new ValidationError([
          {
            path: 'teamId',
            code: 'NOT_ASSIGNABLE',
            message: `${teamId} is not a team of ${held.item.area} that a ${held.item.route} item can go to`,
          },
        ]);
      const assignment = {
        teamId,
        notificationId: assignedNotificationId(triageId, teamId),
        assignedBy: caller.subject,
        assignedAt: now(),
      };
      const result = await deps.store.assignTriage(triageId, assignment, (item) =>
        deps.events.assigned(item, team, area.directoryRef),
      );
      if (!result) throw triageItemNotFound();
      if (result.assignedNow) deps.onOutbox();
      else if (result.item.assignment!.teamId !== teamId)
        throw new ConflictError(
          'TRIAGE_ALREADY_ASSIGNED',
          `The item was already assigned to ${result.item.assignment!.teamId}`,
        );
      return { assignedNow: result.assignedNow, item: result.item };
    },
  };
}

/** The inbox's operations. */
export type InboxOperations = ReturnType<typeof createInboxOperations>;

/** Every item of a paged store query, page after page. */
async function allPages<T>(page: (cursor: string | undefined) => Promise<InboxPage<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const got = await page(cursor);
    items.push(...got.items);
    cursor = got.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/** The teams of the item's area that its route may go to (the decision core's routes say which; any for a whole-event item). */
export function assignableTeams(area: AreaContext, item: TriageRequired): readonly Team[] {
  const services = servicesForTriageRoute(item.route);
  return area.directory.teams.filter((t) => services === 'ANY' || services.includes(t.service));
}

/** A notification as the API answers it: the share, and its status at `now`. */
export function toNotificationView(held: InboxNotification, now: string) {
  const n = held.notification;
  const open = held.acknowledgedAt === null;
  return {
    notificationId: n.notificationId,
    area: n.area,
    source: n.source,
    service: n.recipient.service,
    teamId: n.recipient.teamId,
    subjectPersonId: n.subjectPersonId,
    shareKind: n.shareKind,
    dueBy: n.dueBy,
    status: open ? ('OPEN' as const) : ('ACKNOWLEDGED' as const),
    overdue: open && Date.parse(n.dueBy) < Date.parse(now),
    flags: n.flags,
    isRepeatMarac: n.isRepeatMarac,
    consent: n.consent,
    lawfulBasis: n.lawfulBasis,
    rationale: n.rationale,
    ruleset: n.ruleset,
    payload: n.payload,
    receivedAt: held.receivedAt,
    acknowledgedAt: held.acknowledgedAt,
    acknowledgedBy: held.acknowledgedBy,
    escalatedAt: held.escalatedAt,
  };
}

/** The one answer to a notification id the caller may not see, whether it exists or not. */
const notificationNotFound = () =>
  new NotFoundError('NOTIFICATION_NOT_FOUND', 'No notification of your team has that id');
/** The one answer to a triage item id the caller may not see, whether it exists or not. */
const triageItemNotFound = () =>
  new NotFoundError('TRIAGE_ITEM_NOT_FOUND', 'No triage item of your areas has that id');

function forbiddenMessage(reason: string): string {
  switch (reason) {
    case 'ROLE_REQUIRED':
      return 'This needs the role recipient';
    case 'TRIAGE_TEAM_REQUIRED':
      return "Only the area's triage team (Safeguarding Families) works the triage queue";
    default:
      return 'This is not for you (the refusal is audited)';
  }
}
