import { describe, expect, it } from 'vitest';
import { createCodec } from '@sharehub/schemas';
import { validExample } from '@sharehub/contracts';
import { createFieldReader } from './createFieldReader.js';

const codec = createCodec();

describe('createFieldReader', () => {
  it('reads the field the full decode reads, for each output the collectors read', () => {
    const decision = validExample<'ShareDecision'>('share-decision').event;
    const notification = validExample<'ShareNotification'>('notification').event;
    const eventIdOf = createFieldReader(codec, 'ShareDecision', ['source', 'eventId']);
    const refOf = createFieldReader(codec, 'ShareNotification', ['source', 'ref']);
    const other = { ...decision, source: { ...decision.source, eventId: 'another-event' } };
    expect(eventIdOf(codec.encode('ShareDecision', decision))).toBe(decision.source.eventId);
    expect(eventIdOf(codec.encode('ShareDecision', other))).toBe('another-event');
    expect(refOf(codec.encode('ShareNotification', notification))).toBe(notification.source.ref);
  });

  it('refuses a path that is not a field', () => {
    expect(() => createFieldReader(codec, 'ShareDecision', ['nope'])).toThrow(/no field nope/);
  });
});
