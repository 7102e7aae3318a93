import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { validExample } from '@sharehub/contracts';
import { createAreaRegistry } from '@sharehub/decision-core';
import { hubTopics } from '@sharehub/decision-events';
import { createLogger, keyedHash, type EventBus } from '@sharehub/kit';
import { InMemoryEventBus, waitFor } from '@sharehub/kit/testing';
import {
  createCodec,
  type CarePlanIssued,
  type ConsentRecorded,
  type ShareNotification,
} from '@sharehub/schemas';
import { createRouterService } from './createRouterService.js';

const logger = createLogger('router-test', {
  level: 'warn',
  destination: new Writable({ write: (_c, _e, cb) => cb() }),
});

/** The bus, with every batch of the router's consent state reader held back: the consent state lags its topic. */
function slowConsents(bus: InMemoryEventBus, delayMs: number): EventBus {
  return Object.assign(Object.create(bus) as EventBus, {
    consume: ((options, handler) =>
      bus.consume(
        options,
        options.groupId.includes('.consent-state.')
          ? async (batch) => {
              await new Promise((resolve) => setTimeout(resolve, delayMs));
              return handler(batch);
            }
          : handler,
      )) satisfies EventBus['consume'],
  });
}

describe('router consent state', () => {
  it('applies a consent recorded before a care plan to its shares, however far behind the consent consumer is', async () => {
    const bus = new InMemoryEventBus(6);
    const topics = hubTopics(`r${randomUUID().slice(0, 8)}.`);
    const codec = createCodec();
    const router = createRouterService({
      bus: slowConsents(bus, 300),
      codec,
      areaOf: createAreaRegistry(),
      logger,
      groupId: `router-${randomUUID()}`,
      topics,
    });
    await router.start();
    const tag = randomUUID().slice(0, 8);
    const base = structuredClone(validExample<'CarePlanIssued'>('careplan-trafford').event);
    const plan: CarePlanIssued = {
      ...base,
      eventId: randomUUID(),
      carePlanRef: `${base.carePlanRef}-${tag}`,
      incident: {
        ...base.incident,
        eventId: randomUUID(),
        incidentRef: `${base.incident.incidentRef}-${tag}`,
      },
    };
    const subject = plan.incident.children[0]!.personId;
    const consent: ConsentRecorded = {
      ...validExample<'ConsentRecorded'>('consent-given').event,
      eventId: randomUUID(),
      subjectPersonId: subject,
      scope: null,
      status: 'GIVEN',
      reason: null,
    };
    // The consent is acknowledged first, then the care plan: a share about the subject must state it.
    await bus.publish([
      {
        topic: topics.consentRecorded,
        key: keyedHash('test', subject),
        value: codec.encode('ConsentRecorded', consent),
      },
    ]);
    await bus.publish([
      {
        topic: topics.carePlanIssued,
        key: plan.incident.location.householdKey,
        value: codec.encode('CarePlanIssued', plan),
      },
    ]);
    const about = () =>
      bus
        .messages(topics.notification)
        .map((m) => codec.decodeAs('ShareNotification', m.value!))
        .filter((n: ShareNotification) => n.subjectPersonId === subject);
    await waitFor(() => about().length > 0, 'a share about the subject', 10_000);
    await router.stop();
    expect(about().map((n) => n.consent.status)).toEqual(about().map(() => 'GIVEN'));
  });
});
