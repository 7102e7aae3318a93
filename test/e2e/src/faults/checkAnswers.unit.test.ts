import { describe, expect, it } from 'vitest';
import { checkAnswers } from './checkAnswers.js';
import type { FaultInput } from './faultInputs.js';
import type { PostAnswer, PostOutcome } from './steadyLoad.js';

const topics = {
  incidentRecorded: 'in.incident',
  carePlanIssued: 'in.careplan',
  maracListed: 'in.marac',
  consentRecorded: 'in.consent',
};
const hub = { topics } as unknown as Parameters<typeof checkAnswers>[0];

/** A collector holding, on the incident topic, one copy of each id given (an id twice: two copies). */
const onTopic = (...ids: string[]) =>
  ({
    of: (topic: string) => (topic === topics.incidentRecorded ? ids.map((eventId) => ({ eventId })) : []),
  }) as unknown as Parameters<typeof checkAnswers>[1];

const outcome = (eventId: string, ...answers: PostAnswer[]): PostOutcome => ({
  input: { n: 0, body: { eventId } } as unknown as FaultInput,
  answers,
  status: answers[answers.length - 1]!.status,
  attempts: answers.length,
  at: 0,
});

describe('checkAnswers (the gateway killed with POSTs in flight, issue 17)', () => {
  it('passes acceptances in the pipeline, and unknown outcomes written again by their retry', () => {
    const check = checkAnswers(hub, onTopic('a', 'b', 'b', 'c', 'c'), [
      outcome('a', { status: 202 }),
      outcome('b', { status: 0 }, { status: 202 }),
      outcome('c', { status: 503, code: 'OUTCOME_UNKNOWN' }, { status: 202 }),
    ]);
    expect(check).toEqual({
      tally: { accepted: 3, alreadyAccepted: 0, noAnswer: 1, outcomeUnknown: 1, failed: 0 },
      acceptedMissing: [],
      halfThere: [],
    });
  });

  it('finds an acceptance that is not on its input topic', () => {
    expect(checkAnswers(hub, onTopic(), [outcome('a', { status: 202 })]).acceptedMissing).toEqual([
      'a (202)',
    ]);
  });

  it('finds a write answered as failed, or as already accepted, that is on the topic all the same', () => {
    const check = checkAnswers(hub, onTopic('a', 'a', 'b', 'b'), [
      outcome('a', { status: 500, code: 'INTERNAL' }, { status: 202 }),
      outcome('b', { status: 202 }, { status: 200 }),
    ]);
    expect(check.halfThere).toEqual([
      'a: 2 on the topic, answers INTERNAL, 202',
      'b: 2 on the topic, answers 202, 200',
    ]);
    expect(check.tally.failed).toBe(1);
  });
});
