import { createHash } from 'node:crypto';
import {
  NotFoundError,
  UnavailableError,
  type Clock,
  type EventBus,
  type Logger,
  type OutgoingMessage,
} from '@sharehub/kit';
import { type Caller } from '@sharehub/kit/auth';
import { newAuditRecord, type Codec } from '@sharehub/schemas';
import { visibleIn, type DeadLetterEntry, type DeadLetterStore } from './DeadLetterStore.js';

/** The header a re-driven message carries: the id of the dead letter it came from (no personal data). */
export const REDRIVEN_FROM_HEADER = 'sharehub-redriven-from';

/** One re-drive: named dead letters, or every waiting one of a reason code (and topic) in the caller's areas. */
export interface RedriveRequest {
  readonly caller: Caller;
  /** Why, in the operator's words (e.g. the fix deployed); kept in the REDRIVEN record, never logged. */
  readonly why: string;
  readonly ids?: readonly string[];
  readonly reasonCode?: string;
  readonly topic?: string;
}

/** What a re-drive did: the dead letters sent back now, and those asked for that had been re-driven already. */
export interface RedriveResult {
  readonly redriven: readonly string[];
  readonly alreadyRedriven: readonly string[];
}

/**
 * Re-drives dead letters once each: the store's claim (one conditional update) picks those not re-driven yet, so
 * the same dead letter re-driven twice, even at once, is sent once; each claimed one goes back to its topic with its
 * original key and bytes, together with a REDRIVEN audit record naming who and why. If the send fails, the claims are
 * released so the operator can try again.
 */
export function redriveDeadLetters(deps: {
  readonly store: DeadLetterStore;
  readonly bus: EventBus;
  readonly codec: Codec;
  readonly auditTopic: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly listMax: number;
}): (request: RedriveRequest) => Promise<RedriveResult> {
  return async (request) => {
    const { caller } = request;
    let wanted: string[];
    if (request.ids) {
      const found = await Promise.all(request.ids.map((id) => deps.store.get(id)));
      const missing = request.ids.filter((_, i) => !found[i] || !visibleIn(caller.areas, found[i]));
      // A dead letter of another area is answered as one that does not exist.
      if (missing.length > 0)
        throw new NotFoundError(
          'DEAD_LETTER_NOT_FOUND',
          `No dead letter ${missing.join(', ')} in your areas`,
        );
      wanted = [...new Set(request.ids)];
    } else {
      const waiting = await deps.store.list({
        areas: caller.areas,
        ...(request.reasonCode !== undefined ? { reasonCode: request.reasonCode } : {}),
        ...(request.topic !== undefined ? { topic: request.topic } : {}),
        limit: deps.listMax,
      });
      wanted = waiting.map((e) => e.deadLetterId);
    }
    const at = deps.clock.now().toISOString();
    const claimed = await deps.store.claim(wanted, { at, by: caller.subject });
    const claimedIds = new Set(claimed.map((e) => e.deadLetterId));
    if (claimed.length > 0) {
      try {
        await deps.bus.publish(claimed.flatMap((entry) => redriveMessages(entry, request, at, deps)));
      } catch (err) {
        await deps.store.release([...claimedIds]);
        deps.logger.error({ err, deadLetters: claimed.length }, 're-drive not sent; claims released');
        throw new UnavailableError(
          'REDRIVE_UNAVAILABLE',
          'The broker did not take the re-drive; try again',
          5,
          {
            cause: err,
          },
        );
      }
    }
    deps.logger.info(
      { deadLetterIds: [...claimedIds], operator: caller.subject, org: caller.org },
      'dead letters re-driven',
    );
    return { redriven: [...claimedIds], alreadyRedriven: wanted.filter((id) => !claimedIds.has(id)) };
  };
}

function redriveMessages(
  entry: DeadLetterEntry,
  request: RedriveRequest,
  at: string,
  deps: { readonly codec: Codec; readonly auditTopic: string },
): OutgoingMessage[] {
  const record = newAuditRecord({
    // One REDRIVEN record per claim of a dead letter.
    auditId: `r-${createHash('sha256').update(`${entry.deadLetterId}\u001f${at}`).digest('hex').slice(0, 32)}`,
    kind: 'REDRIVEN',
    occurredAt: at,
    area: entry.area,
    actor: request.caller.subject,
    reason: request.why,
    detail: JSON.stringify({
      deadLetterId: entry.deadLetterId,
      topic: entry.topic,
      partition: entry.partition,
      offset: entry.offset,
      eventType: entry.eventType,
      eventId: entry.eventId,
      reasonCode: entry.reasonCode,
      org: request.caller.org,
    }),
  });
  return [
    {
      topic: entry.topic,
      key: entry.key,
      value: entry.originalBytes,
      headers: { [REDRIVEN_FROM_HEADER]: entry.deadLetterId },
    },
    { topic: deps.auditTopic, key: record.auditId, value: deps.codec.encode('AuditRecord', record) },
  ];
}
