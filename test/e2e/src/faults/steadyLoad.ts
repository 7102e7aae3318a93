import type { FaultInput } from './faultInputs.js';

/** One attempt's answer: its status (0: no answer, e.g. a reset connection) and, for a problem, its code. */
export interface PostAnswer {
  readonly status: number;
  readonly code?: string;
}

/** What became of one input: its final answer and how many attempts it took. */
export interface PostOutcome {
  readonly input: FaultInput;
  /** Every attempt's answer, in order (the last is the final one). */
  readonly answers: readonly PostAnswer[];
  /** 202 (accepted), 200 (a retry the gateway had already accepted), or the refusal's status. */
  readonly status: number;
  readonly attempts: number;
  /** When the final answer came. */
  readonly at: number;
}

/** Options of {@link steadyLoad}. */
export interface SteadyLoadOptions {
  /** Inputs started per second. */
  readonly ratePerSec: number;
  /** Where the gateway is (read at every attempt, so a restarted gateway on another URL is followed). */
  readonly gatewayUrl: () => string;
  /** A publisher token for an organisation. */
  readonly tokenFor: (org: string) => Promise<string>;
  /** How long one input may keep being retried before the run fails (default 5 minutes). */
  readonly giveUpAfterMs?: number;
}

/**
 * Posts every input at a steady rate, each on its own (so a slow or failed one does not hold back the rest), as a
 * publisher's integration should: an answer of 503 or 5xx, a reset connection or no answer means the outcome is
 * unknown, so the same body under the same eventId is sent again until it is answered (the gateway accepts it at
 * most once). Resolves once every input has a final answer; `inFlight()` and `settled()` tell how far it is.
 */
export function steadyLoad(inputs: readonly FaultInput[], options: SteadyLoadOptions) {
  const outcomes: PostOutcome[] = [];
  /** Every answer that left the outcome unknown, by status (0: no answer), and how many of them said Retry-After. */
  const retried = new Map<number, { answers: number; withRetryAfter: number }>();
  let started = 0;
  const giveUpAfterMs = options.giveUpAfterMs ?? 300_000;
  const postOne = async (input: FaultInput): Promise<void> => {
    const first = Date.now();
    const token = await options.tokenFor(input.org);
    const body = JSON.stringify(input.body);
    const answers: PostAnswer[] = [];
    for (let attempt = 1; ; attempt++) {
      let status = 0;
      let retryAfter = false;
      let code: string | undefined;
      try {
        const res = await fetch(`${options.gatewayUrl()}${input.path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body,
          signal: AbortSignal.timeout(15_000),
        });
        status = res.status;
        retryAfter = res.headers.has('retry-after');
        const text = await res.text();
        if (status >= 500) code = problemCodeOf(text);
      } catch {
        status = 0; // no answer: the outcome is unknown
      }
      answers.push(code === undefined ? { status } : { status, code });
      if (status !== 0 && status < 500) {
        outcomes.push({ input, answers, status, attempts: attempt, at: Date.now() });
        return;
      }
      const tally = retried.get(status) ?? { answers: 0, withRetryAfter: 0 };
      retried.set(status, {
        answers: tally.answers + 1,
        withRetryAfter: tally.withRetryAfter + (retryAfter ? 1 : 0),
      });
      if (Date.now() - first > giveUpAfterMs)
        throw new Error(
          `input ${input.n} (${input.path}) still unanswered after ${attempt} attempts (last ${status})`,
        );
      await new Promise((resolve) => setTimeout(resolve, Math.min(250 * attempt, 2000)));
    }
  };
  const done = (async () => {
    const running: Array<Promise<void>> = [];
    const t0 = Date.now();
    for (const input of inputs) {
      const due = t0 + (started * 1000) / options.ratePerSec;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      started++;
      running.push(postOne(input));
    }
    await Promise.all(running);
    return outcomes;
  })();
  return {
    done,
    /** Inputs started and not yet answered. */
    inFlight: () => started - outcomes.length,
    /** Inputs answered so far. */
    settled: () => outcomes.length,
    /** Inputs started so far. */
    started: () => started,
    outcomes: (): readonly PostOutcome[] => outcomes,
    /** The answers that were retried (5xx by status, 0 for no answer), each with how many carried `Retry-After`. */
    retried: (): ReadonlyMap<number, { answers: number; withRetryAfter: number }> => retried,
  };
}

/** The `code` of a problem+json answer, if it is one. */
function problemCodeOf(text: string): string | undefined {
  try {
    const code = (JSON.parse(text) as { code?: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}
