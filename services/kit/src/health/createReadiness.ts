import type { Clock } from '../ports/Clock.js';
import { systemClock } from '../ports/Clock.js';

/**
 * One thing a service needs to do its job, as `/readyz` asks it: `probe` answers true when it is there, or false,
 * a reason (one short line, never personal data) or a throw when it is not.
 */
export interface ReadinessCheck {
  /** What it checks, named in the 503 answer (`broker`, `s3`, `database`, `consumers`). */
  readonly name: string;
  probe(): boolean | string | Promise<boolean | string>;
  /**
   * How long an answer is kept (ms; default the readiness's `cacheMs`): a probe that touches a dependency runs at
   * most this often however often `/readyz` is asked. 0 for a probe that only reads state held in memory.
   */
  readonly cacheMs?: number;
}

/** A check's last answer. */
export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  /** Why not, when not ok. */
  readonly reason?: string;
}

/** What `/readyz` answers with: ready when every check is ok. */
export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: readonly CheckResult[];
}

/** A service's readiness: its checks, each cached. */
export interface Readiness {
  report(): Promise<ReadinessReport>;
}

/** Settings of {@link createReadiness}. */
export interface ReadinessOptions {
  readonly checks: readonly ReadinessCheck[];
  /** How long a probe's answer is kept unless the check says otherwise (ms; default 2,000). */
  readonly cacheMs?: number;
  /** How long a probe may take before it counts as failed (ms; default 2,000). */
  readonly timeoutMs?: number;
  readonly clock?: Clock;
}

/**
 * Readiness from checks that are cheap to ask: each probe's answer is kept for its `cacheMs`, concurrent asks share
 * one probe in flight, and a probe that takes longer than `timeoutMs` counts as failed (a dependency that hangs is not
 * there). So a readiness probe every second never hammers the broker, S3 or the database.
 */
export function createReadiness(options: ReadinessOptions): Readiness {
  const clock = options.clock ?? systemClock;
  const timeoutMs = options.timeoutMs ?? 2_000;
  const cached = new Map<string, { at: number; result: CheckResult }>();
  const inFlight = new Map<string, Promise<CheckResult>>();
  const run = async (check: ReadinessCheck): Promise<CheckResult> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      const answer = await Promise.race([
        Promise.resolve().then(() => check.probe()),
        new Promise<string>((resolve) => {
          timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs);
          timer.unref();
        }),
      ]);
      if (answer === true) return { name: check.name, ok: true };
      return { name: check.name, ok: false, reason: answer === false ? 'unavailable' : answer };
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      return { name: check.name, ok: false, reason: typeof code === 'string' ? code : (err as Error).name };
    } finally {
      clearTimeout(timer);
    }
  };
  const resultOf = async (check: ReadinessCheck): Promise<CheckResult> => {
    const keepMs = check.cacheMs ?? options.cacheMs ?? 2_000;
    const now = clock.now().getTime();
    const last = cached.get(check.name);
    if (last && keepMs > 0 && now - last.at < keepMs) return last.result;
    let pending = inFlight.get(check.name);
    if (!pending) {
      pending = run(check).then((result) => {
        cached.set(check.name, { at: clock.now().getTime(), result });
        return result;
      });
      pending.finally(() => inFlight.delete(check.name)).catch(() => undefined);
      inFlight.set(check.name, pending);
    }
    return pending;
  };
  return {
    async report() {
      const checks = await Promise.all(options.checks.map(resultOf));
      return { ready: checks.every((c) => c.ok), checks };
    },
  };
}
