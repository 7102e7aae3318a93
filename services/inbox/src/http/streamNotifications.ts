import type { Request, Response } from 'express';
import type { Caller } from '@sharehub/kit';
import type { InboxOperations } from '../inboxOperations.js';

const KEEPALIVE_MS = 15_000;

/**
 * Server-sent events of the team's new notifications: `event: notification`, `id:` its arrival number, `data:` the
 * notification as the API answers it. A client that reconnects with `Last-Event-ID` gets what it missed; a new one
 * starts from now. It reads the store (not this process's consumer), so any inbox instance can serve any team.
 */
export async function streamNotifications(
  req: Request,
  res: Response,
  ops: InboxOperations,
  caller: Caller,
  pollMs: number,
): Promise<void> {
  const lastId = req.header('last-event-id');
  let seq = lastId && /^\d{1,15}$/.test(lastId) ? Number(lastId) : (await ops.since(caller, 'latest')).seq;
  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
  res.write(`retry: ${pollMs}\n: streaming the notifications of ${caller.org}\n\n`);

  let closed = false;
  let lastWrite = Date.now();
  req.on('close', () => (closed = true));
  while (!closed) {
    const next = await ops.since(caller, seq).catch(() => undefined);
    if (next)
      for (const item of next.items) {
        res.write(`event: notification\nid: ${item.seq}\ndata: ${JSON.stringify(item.view)}\n\n`);
        seq = item.seq;
        lastWrite = Date.now();
      }
    if (Date.now() - lastWrite > KEEPALIVE_MS) {
      res.write(': keepalive\n\n');
      lastWrite = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  res.end();
}
