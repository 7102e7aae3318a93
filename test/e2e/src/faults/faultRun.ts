import { seededRandom } from '@sharehub/test-support';
import { checkAnswers, type AnswerCheck } from './checkAnswers.js';
import type { FaultHub } from './faultHub.js';
import { faultInputs, type FaultInput } from './faultInputs.js';
import { reconcile, type Reconciliation } from './reconcile.js';
import { steadyLoad } from './steadyLoad.js';
import type { collectOutputs } from '../hubHarness.js';

/** One fault injected during a run, with what was in flight and how long the hub took to get over it. */
export interface FaultFigure {
  readonly fault: string;
  /** Seconds into the run. */
  readonly atS: number;
  /** POSTs sent and not yet answered when the fault struck. */
  readonly postsInFlight: number;
  /** Inputs accepted whose decision was not yet on the audit topic when the fault struck. */
  readonly acceptedUndecided: number;
  /** From the fault until the service was back (ready), in seconds. */
  readonly downS: number;
  /** From the fault until every input accepted before it was decided, in seconds. */
  readonly caughtUpS: number;
  /** What the fault itself reports (e.g. where it paused the service, what was in flight at the kill). */
  readonly detail?: string;
}

/** One fault of a run: `inject` strikes and resolves once the service is back, optionally saying what it did. */
export interface Fault {
  readonly name: string;
  readonly inject: (run: FaultRunContext) => Promise<void | string>;
}

/** What a fault may read of the run it strikes. */
export interface FaultRunContext {
  /** POSTs sent and not yet answered, now. */
  readonly postsInFlight: () => number;
}

/** What a fault run reports. */
export interface FaultRunReport {
  readonly name: string;
  readonly inputs: number;
  readonly ratePerSec: number;
  readonly figures: readonly FaultFigure[];
  /** Processes that exited on their own during the run and were started again by the supervisor. */
  readonly crashes: readonly string[];
  /** POST answers the publisher had to retry: status (0: no answer) → count, and how many carried Retry-After. */
  readonly retriedAnswers?: Readonly<Record<string, { answers: number; withRetryAfter: number }>>;
  readonly reconciliation: Reconciliation;
  /** The gateway's answers held against its input topics, when the run was given a collector of them. */
  readonly answers?: AnswerCheck;
}

/** How long a fault run's load lasts and how fast it goes (FAULT_SECONDS, FAULT_RATE; small by default for npm test). */
export function faultLoadSettings(env: NodeJS.ProcessEnv = process.env): {
  seconds: number;
  ratePerSec: number;
} {
  return { seconds: Number(env.FAULT_SECONDS ?? 20), ratePerSec: Number(env.FAULT_RATE ?? 30) };
}

/**
 * Runs a steady load of fresh inputs through the hub while `faults` strike (each a function that injects one and
 * resolves once the service is back), then reconciles. `schedule` gives the moments (fractions of the load's
 * duration) at which to strike; `seed` makes the moments reproducible.
 */
export async function runWithFaults(
  hub: FaultHub,
  out: Awaited<ReturnType<typeof collectOutputs>>,
  name: string,
  faults: readonly Fault[],
  options: {
    /** A collector of the input topics: the gateway's answers are then checked against them (`checkAnswers`). */
    inputs?: Awaited<ReturnType<typeof collectOutputs>>;
    seed?: number;
    seconds?: number;
    ratePerSec?: number;
    extraLoad?: (stop: AbortSignal) => Promise<void>;
  } = {},
): Promise<FaultRunReport> {
  const { seconds, ratePerSec } = {
    ...faultLoadSettings(),
    ...stripUndefined({ seconds: options.seconds, ratePerSec: options.ratePerSec }),
  };
  const inputs = faultInputs(Math.round(seconds * ratePerSec));
  const tokens = new Map<string, Promise<string>>();
  const load = steadyLoad(inputs, {
    ratePerSec,
    gatewayUrl: () => hub.gatewayUrl,
    tokenFor: (org) => {
      if (!tokens.has(org)) tokens.set(org, hub.tokenFor('publisher', org));
      return tokens.get(org)!;
    },
  });
  const stopExtra = new AbortController();
  const extra = options.extraLoad?.(stopExtra.signal);
  const t0 = Date.now();
  const random = seededRandom(options.seed ?? 17);
  const moments = faults.map(() => 0.15 + random() * 0.7).sort((a, b) => a - b);
  const figures: FaultFigure[] = [];
  const decidedNow = () => decidedEventIds(out, hub);
  for (const [i, fault] of faults.entries()) {
    const due = t0 + moments[i]! * seconds * 1000;
    if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    const struck = Date.now();
    const acceptedBefore = load
      .outcomes()
      .filter((o) => o.status === 202 || o.status === 200)
      .map((o) => o.input)
      .filter((input: FaultInput) => input.decided)
      .map((input) => input.body.eventId);
    const decided = decidedNow();
    const postsInFlight = load.inFlight();
    const detail = await fault.inject({ postsInFlight: () => load.inFlight() });
    const back = Date.now();
    while (!acceptedBefore.every((id) => decidedNow().has(id)) && Date.now() - struck < 240_000)
      await new Promise((r) => setTimeout(r, 200));
    figures.push({
      fault: fault.name,
      atS: (struck - t0) / 1000,
      postsInFlight,
      acceptedUndecided: acceptedBefore.filter((id) => !decided.has(id)).length,
      downS: (back - struck) / 1000,
      caughtUpS: (Date.now() - struck) / 1000,
      ...(typeof detail === 'string' ? { detail } : {}),
    });
  }
  const outcomes = await load.done;
  stopExtra.abort();
  await extra;
  const reconciliation = await reconcile(hub, out, outcomes, {
    timeoutMs: 240_000,
    isInjected: (letter) => INJECTED_TOPICS(hub).has(letter.topic) && isPoisonLetter(letter.originalBytes),
  });
  const crashes = hub
    .crashes()
    .filter((c) => c.at >= t0)
    .map((c) => `${c.key} exited (${c.code ?? 'signal'}) at ${((c.at - t0) / 1000).toFixed(1)}s`);
  const retriedAnswers = Object.fromEntries([...load.retried()].map(([status, t]) => [String(status), t]));
  const answers = options.inputs ? checkAnswers(hub, options.inputs, outcomes) : undefined;
  const report = {
    name,
    inputs: inputs.length,
    ratePerSec,
    figures,
    crashes,
    retriedAnswers,
    reconciliation,
    ...(answers ? { answers } : {}),
  };
  process.stderr.write(`[faults] ${describeReport(report)}\n`);
  return report;
}

const INJECTED_TOPICS = (hub: FaultHub) =>
  new Set([
    hub.topics.incidentRecorded,
    hub.topics.carePlanIssued,
    hub.topics.maracListed,
    hub.topics.consentRecorded,
  ]);

/** Whether a dead letter's original bytes are poison the runs inject (they start with the poison marker). */
function isPoisonLetter(bytes: Uint8Array | null | undefined): boolean {
  return !!bytes && Buffer.from(bytes).subarray(0, POISON_MARKER.length).equals(POISON_MARKER);
}

/** The first bytes of every poison message the runs inject: no Avro single-object marker, so never decodable. */
export const POISON_MARKER = Buffer.from('POISON!', 'latin1');

function decidedEventIds(out: Awaited<ReturnType<typeof collectOutputs>>, hub: FaultHub): Set<string> {
  return new Set(
    out
      .of<{ kind: string; source?: { eventId?: string } | null }>(hub.topics.auditRecord)
      .filter((a) => a.kind === 'SHARED' || a.kind === 'NOT_SHARED')
      .map((a) => a.source?.eventId ?? ''),
  );
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** One line per run: inputs, and per fault its moment, what was in flight, and the recovery; then the counts. */
export function describeReport(r: FaultRunReport): string {
  const c = r.reconciliation;
  const faults = r.figures
    .map(
      (f) =>
        `${f.fault}@${f.atS.toFixed(1)}s in-flight ${f.postsInFlight} POSTs + ${f.acceptedUndecided} undecided, back ${f.downS.toFixed(1)}s, caught up ${f.caughtUpS.toFixed(1)}s` +
        (f.detail ? ` (${f.detail})` : ''),
    )
    .join('; ');
  const lost =
    c.decisions.lost.length + c.notifications.lost.length + c.triage.lost.length + c.inbox.missing.length;
  const dup =
    c.decisions.duplicated.length +
    c.notifications.duplicated.length +
    c.triage.duplicated.length +
    c.inbox.duplicated.length;
  const unaudited =
    c.decisions.unaudited.length + c.notifications.unaudited.length + c.triage.unaudited.length;
  return (
    `${r.name}: ${r.inputs} inputs at ${r.ratePerSec}/s, ${c.accepted} accepted → ${c.decisions.expected} decisions, ` +
    `${c.notifications.expected} notifications, ${c.triage.expected} triage items; ${faults}; lost ${lost}, duplicated ${dup}, ` +
    `unaudited ${unaudited}, misplaced ${c.inbox.misplaced.length}, audit log ${c.auditLog.checkpointSize}/${c.auditLog.distinctRecords} signed, ` +
    `unexpected dead letters ${c.unexpectedDeadLetters.length}; retried answers ${
      Object.entries(r.retriedAnswers ?? {})
        .map(([status, t]) => `${status}×${t.answers} (Retry-After ${t.withRetryAfter})`)
        .join(', ') || 'none'
    }` +
    (r.answers
      ? `; answers ${r.answers.tally.accepted}×202, ${r.answers.tally.alreadyAccepted}×200, ${r.answers.tally.noAnswer} unanswered, ` +
        `${r.answers.tally.outcomeUnknown}×5xx outcome unknown, ${r.answers.tally.failed}×other 5xx; accepted not in the pipeline ` +
        `${r.answers.acceptedMissing.length}, half-there ${r.answers.halfThere.length}`
      : '') +
    (r.crashes.length
      ? `; restarted by the supervisor after exiting on their own: ${r.crashes.join(', ')}`
      : '')
  );
}
