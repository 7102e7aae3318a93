import type { Express } from 'express';
import { callerOf, type TokenVerifier } from '@sharehub/kit/auth';
import type { InboxOperations } from '../inboxOperations.js';
import { parseListQuery, parseTriageQuery } from './parseListQuery.js';
import { createStreamSlots } from './createStreamSlots.js';
import { streamNotifications } from './streamNotifications.js';

/** Everything the JSON API needs. */
export interface ApiDeps {
  readonly ops: InboxOperations;
  readonly verifier: TokenVerifier;
  readonly pageSize: { readonly default: number; readonly max: number };
  readonly streamPollMs: number;
  /** Live streams one token may hold at once (then 429). */
  readonly streamsPerToken: number;
}

/**
 * The inbox's JSON API (contracts/openapi.yaml): a team's notifications (list, one, acknowledge, live stream) for the
 * recipient role, and the triage queue (list, one, assign) for the area's triage team. Rejections are problem+json
 * (Express 5 passes a rejected handler's error to the problem handler).
 */
export function mountApiRoutes(app: Express, deps: ApiDeps): void {
  const auth = deps.verifier.authenticate;
  const { ops } = deps;
  const slots = createStreamSlots(deps.streamsPerToken);

  app.get('/v1/inbox/notifications', auth, async (req, res) => {
    const page = await ops.list(callerOf(res), parseListQuery(req.query, deps.pageSize));
    res.json({ teamId: page.teamId, notifications: page.items, nextCursor: page.nextCursor });
  });
  app.get('/v1/inbox/notifications/:notificationId', auth, async (req, res) => {
    res.json(await ops.get(callerOf(res), String(req.params.notificationId)));
  });
  app.post('/v1/inbox/notifications/:notificationId/acknowledge', auth, async (req, res) => {
    const { notification, acknowledgedNow } = await ops.acknowledge(
      callerOf(res),
      String(req.params.notificationId),
    );
    res.status(200).json({
      acknowledgement: {
        notificationId: notification.notificationId,
        teamId: notification.teamId,
        acknowledgedBy: notification.acknowledgedBy,
        acknowledgedAt: notification.acknowledgedAt,
      },
      acknowledgedNow,
      notification,
    });
  });
  app.get('/v1/inbox/stream', auth, async (req, res) =>
    streamNotifications(req, res, {
      ops,
      caller: callerOf(res),
      // `auth` verified it, so the header holds a bearer token.
      token: /^Bearer\s+(\S+)$/i.exec(req.header('authorization') ?? '')?.[1] ?? '',
      slots,
      pollMs: deps.streamPollMs,
    }),
  );

  app.get('/v1/inbox/triage', auth, async (req, res) => {
    const page = await ops.listTriage(callerOf(res), parseTriageQuery(req.query, deps.pageSize));
    res.json({ items: page.items, nextCursor: page.nextCursor });
  });
  app.get('/v1/inbox/triage/:triageId', auth, async (req, res) => {
    const { held, teams } = await ops.getTriage(callerOf(res), String(req.params.triageId));
    res.json({
      ...held,
      assignableTeams: teams.map((t) => ({ teamId: t.teamId, service: t.service, name: t.name })),
    });
  });
  app.post('/v1/inbox/triage/:triageId/assign', auth, async (req, res) => {
    const body = (req.body ?? {}) as { teamId?: unknown };
    const { item, assignedNow } = await ops.assign(callerOf(res), String(req.params.triageId), body.teamId);
    res.status(200).json({ assignment: item.assignment, assignedNow, item: item.item });
  });
}
