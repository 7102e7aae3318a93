import { parseInstant } from '@sharehub/decision-core';
import type { IncomingMessage } from '@sharehub/kit';

/**
 * An input's event time for a bounded history's watermark (ADR 0082): its own instant (occurredAt, listedAt), never
 * later than the record's timestamp (when the hub accepted it), so one event dated in the future cannot move the
 * watermark ahead and evict the history every other decision needs.
 */
export function eventTimeOf(instant: string, message: IncomingMessage): number {
  const at = parseInstant(instant);
  const accepted = Number(message.timestamp);
  return Number.isFinite(accepted) && accepted < at ? accepted : at;
}
