import { createHash } from 'node:crypto';
import { TooManyRequestsError } from '@sharehub/kit';

/** How long a client refused a stream is asked to wait before trying again. */
const RETRY_AFTER_SECONDS = 10;

/** Counts the live streams open per token in this process. */
export interface StreamSlots {
  /** Takes a slot for `token`, or throws a 429 when it already has the most; call the result when the stream ends. */
  take(token: string): () => void;
}

/** Builds {@link StreamSlots} allowing `perToken` concurrent streams per token (a token is kept by its hash only). */
export function createStreamSlots(perToken: number): StreamSlots {
  const open = new Map<string, number>();
  return {
    take(token) {
      const key = createHash('sha256').update(token).digest('base64url');
      const held = open.get(key) ?? 0;
      if (held >= perToken)
        throw new TooManyRequestsError(
          'TOO_MANY_STREAMS',
          `A token may hold ${perToken} live streams at once; close one first`,
          RETRY_AFTER_SECONDS,
        );
      open.set(key, held + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (open.get(key) ?? 1) - 1;
        if (left > 0) open.set(key, left);
        else open.delete(key);
      };
    },
  };
}
