import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig, z } from './config.js';
import { ConfigError } from './errors.js';
import {
  FAULT_POINT_MARKER,
  createFaultPoint,
  faultPointSettings,
  noFaultPoint,
  noFaultPointInProduction,
} from './faultPoint.js';
import { createLogger } from './logger.js';
import { nodeEnv, refuseDevelopmentDefaults } from './refuseDevelopmentDefaults.js';

const quiet = () =>
  createLogger('test', { level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });

/** Whether a promise is still pending once everything already due has run. */
async function pending(promise: Promise<unknown>): Promise<boolean> {
  const open = Symbol('open');
  return (await Promise.race([promise, new Promise((r) => setImmediate(() => r(open)))])) === open;
}

const schema = z.object({ NODE_ENV: nodeEnv(), ...faultPointSettings });
const read = (env: Record<string, string>) => {
  const config = loadConfig(schema, env);
  refuseDevelopmentDefaults(config, { SHAREHUB_FAULT_PAUSE_AT: [noFaultPointInProduction] });
  return config;
};

describe('fault points (docs/adr/0102-fault-points.md)', () => {
  it('are a no-op unless armed: every point resolves and nothing is written', async () => {
    const written: string[] = [];
    const point = createFaultPoint(undefined, quiet(), (line) => written.push(line));
    expect(point).toBe(noFaultPoint);
    expect(await pending(point('kafka.transaction.beforeCommit'))).toBe(false);
    expect(written).toEqual([]);
  });

  it('armed at one point, pause there for ever after writing the marker, and let every other point pass', async () => {
    const written: string[] = [];
    const point = createFaultPoint('audit.segment.afterWrite', quiet(), (line) => written.push(line));
    expect(await pending(point('audit.checkpoint.afterWrite'))).toBe(false);
    expect(written).toEqual([]);
    expect(await pending(point('audit.segment.afterWrite'))).toBe(true);
    expect(written).toEqual([`${FAULT_POINT_MARKER} audit.segment.afterWrite\n`]);
  });

  it('are armed by SHAREHUB_FAULT_PAUSE_AT, which names a known point and is refused in production', () => {
    expect(read({ SHAREHUB_FAULT_PAUSE_AT: 'kafka.transaction.commitSent' }).SHAREHUB_FAULT_PAUSE_AT).toBe(
      'kafka.transaction.commitSent',
    );
    expect(read({ NODE_ENV: 'production' }).SHAREHUB_FAULT_PAUSE_AT).toBeUndefined();
    expect(() => read({ SHAREHUB_FAULT_PAUSE_AT: 'nowhere' })).toThrow(ConfigError);
    try {
      read({ NODE_ENV: 'production', SHAREHUB_FAULT_PAUSE_AT: 'kafka.transaction.commitSent' });
      expect.unreachable();
    } catch (err) {
      expect((err as ConfigError).problems).toEqual([
        expect.objectContaining({ path: 'SHAREHUB_FAULT_PAUSE_AT', code: 'DEVELOPMENT_DEFAULT' }),
      ]);
    }
  });
});
