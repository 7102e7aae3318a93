import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

function capture() {
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  return { stream, lines };
}

describe('createLogger', () => {
  it('puts the service at the root and removes personal data fields', async () => {
    const { stream, lines } = capture();
    const logger = createLogger('triage', { destination: stream });
    logger.info(
      {
        eventId: 'e-1',
        givenName: 'Alice',
        victim: { familyName: 'Smith', dateOfBirth: '1990-01-01' },
        child: { givenName: 'Bob', dateOfBirth: '2019-10-01' },
        summary: 'free text from the officer',
      },
      'decided',
    );
    await new Promise((resolve) => setImmediate(resolve));
    const line = lines.join('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ service: 'triage', eventId: 'e-1', msg: 'decided' });
    for (const secret of ['Alice', 'Smith', '1990-01-01', 'Bob', '2019-10-01', 'free text'])
      expect(line).not.toContain(secret);
  });
});
