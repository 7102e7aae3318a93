import type { collectOutputs } from '../hubHarness.js';
import type { FaultHub } from './faultHub.js';
import type { PostAnswer, PostOutcome } from './steadyLoad.js';

/** The gateway's answers to a run's POSTs, held against what its input topics hold. */
export interface AnswerCheck {
  /** Attempts by answer: 202, 200, no answer (a reset or refused connection), 5xx saying the outcome is unknown, other 5xx. */
  readonly tally: {
    readonly accepted: number;
    readonly alreadyAccepted: number;
    readonly noAnswer: number;
    readonly outcomeUnknown: number;
    readonly failed: number;
  };
  /** Inputs answered 202 or 200 that are not on their input topic (an acceptance that is not in the pipeline). */
  readonly acceptedMissing: readonly string[];
  /**
   * Inputs on their input topic more often than the answers that may have written them (202, no answer, a 5xx
   * `OUTCOME_UNKNOWN`): a write the gateway answered as failed (another 5xx) or as already done (200).
   */
  readonly halfThere: readonly string[];
}

/** The problem code with which the gateway says a write may or may not have landed (ADR 0041). */
const OUTCOME_UNKNOWN = 'OUTCOME_UNKNOWN';

const mayHaveWritten = (a: PostAnswer) =>
  a.status === 202 || a.status === 0 || (a.status >= 500 && a.code === OUTCOME_UNKNOWN);

/**
 * Holds each POST's answers against its input topic (read from `inputs`, a collector of the four input topics):
 * every input answered 202 or 200 is there, and none is there more often than its answers allow, so no answer
 * that said the write failed left it half-there.
 */
export function checkAnswers(
  hub: FaultHub,
  inputs: Awaited<ReturnType<typeof collectOutputs>>,
  outcomes: readonly PostOutcome[],
): AnswerCheck {
  const copies = new Map<string, number>();
  for (const topic of inputTopicsOf(hub))
    for (const { eventId } of inputs.of<{ eventId?: string }>(topic))
      if (eventId) copies.set(eventId, (copies.get(eventId) ?? 0) + 1);
  const answers = outcomes.flatMap((o) => o.answers);
  const acceptedMissing: string[] = [];
  const halfThere: string[] = [];
  for (const o of outcomes) {
    const id = o.input.body.eventId;
    const held = copies.get(id) ?? 0;
    if ((o.status === 202 || o.status === 200) && held === 0) acceptedMissing.push(`${id} (${o.status})`);
    const allowed = o.answers.filter(mayHaveWritten).length;
    if (held > allowed)
      halfThere.push(
        `${id}: ${held} on the topic, answers ${o.answers.map((a) => a.code ?? a.status).join(', ')}`,
      );
  }
  return {
    tally: {
      accepted: answers.filter((a) => a.status === 202).length,
      alreadyAccepted: answers.filter((a) => a.status === 200).length,
      noAnswer: answers.filter((a) => a.status === 0).length,
      outcomeUnknown: answers.filter((a) => a.status >= 500 && a.code === OUTCOME_UNKNOWN).length,
      failed: answers.filter((a) => a.status >= 500 && a.code !== OUTCOME_UNKNOWN).length,
    },
    acceptedMissing,
    halfThere,
  };
}

/** The hub's input topics, which the gateway writes: incidents, care plans, MARAC listings, consent. */
export function inputTopicsOf(hub: Pick<FaultHub, 'topics'>): string[] {
  return [
    hub.topics.incidentRecorded,
    hub.topics.carePlanIssued,
    hub.topics.maracListed,
    hub.topics.consentRecorded,
  ];
}
