import type { Request, Response } from 'express';
import type { Caller } from '@sharehub/kit/auth';
import type { InboxOperations } from '../inboxOperations.js';
import type { StreamSlots } from './createStreamSlots.js';

const KEEPALIVE_MS = 15_000;

/** What a live stream needs besides the request: the operations, who calls with which token, and its limits. */
export interface StreamContext {
  readonly ops: InboxOperations;
  readonly caller: Caller;
  /** The bearer token, to count the streams it holds. */
  readonly token: string;
  readonly slots: StreamSlots;
  readonly pollMs: number;
}

/**
 * Server-sent events of the team's new notifications: `event: notification`, `id:` its arrival number, `data:` the
 * notification as the API answers it. A client that reconnects with `Last-Event-ID` gets what it missed; a new one
 * starts from now. It reads the store (not this process's consumer), so any inbox instance can serve any team.
 *
 * Before the stream opens the caller must be a recipient (else one audited 403, no stream) and its token must hold
 * fewer than the most streams (else 429); the stream ends when the token expires, so a client reconnects with a new
 * one.
 */
export async function streamNotifications(req: Request, res: Response, ctx: StreamContext): Promise<void> {
  const { ops, caller, pollMs } = ctx;
  // Refuses (403, audited once) anyone who is not a recipient, before a byte of the stream is written.
  const latest = await ops.since(caller, 'latest');
  const release = ctx.slots.take(ctx.token);
  const lastId = req.header('last-event-id');
  let seq = lastId && /^\d{1,15}$/.test(lastId) ? Number(lastId) : latest.seq;
  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
  res.write(`retry: ${pollMs}\n: streaming the notifications of ${caller.org}\n\n`);

  let closed = false;
  let expired = false;
  let wake: () => void = () => undefined;
  const close = () => {
    closed = true;
    wake();
  };
  req.on('close', close);
  // setTimeout holds at most 2^31-1 ms (24.8 days); a token the verifier accepted expires well before that.
  const expiry = setTimeout(
    () => {
      expired = true;
      close();
    },
    Math.max(0, ctx.caller.expiresAt.getTime() - Date.now()),
  );
  let lastWrite = Date.now();
  try {
    while (!closed) {
      const next = await ops.since(caller, seq).catch(() => undefined);
      if (closed) break;
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
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    if (expired) res.write(': the token has expired; reconnect with a new one\n\n');
  } finally {
    clearTimeout(expiry);
    release();
    res.end();
  }
}
