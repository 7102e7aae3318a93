#!/usr/bin/env node
// `npm run bench:replay [-- --count 1000000]`: replays a year of incidents of a large region through triage and router
// (written straight onto fresh input topics, then decided and routed by the service processes), reporting the time,
// the rate and each service's memory peak. Prints a one-line summary last; JSON under bench-results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { prefixedTopics } from '@sharehub/contracts';
import { LOCAL_KAFKA, provisionInfra, repoRoot } from '@sharehub/infra';
import { createLogger } from '@sharehub/kit';
import { KafkaEventBus } from '@sharehub/kit/kafka';
import { createCodec } from '@sharehub/schemas';
import { spawnService } from '@sharehub/test-support';
import { generateMix } from './generateMix.js';
import { deleteRunTopics } from './deleteRunTopics.js';
import { memoryPeakMiB } from './processStats.js';
import { tuningEnv } from './tuningEnv.js';

const { values: args } = parseArgs({
  options: { count: { type: 'string', default: '1000000' }, seed: { type: 'string', default: '11' } },
});
const COUNT = Number(args.count);
const say = (line: string) => process.stderr.write(`[replay] ${line}\n`);
const brokers = process.env.KAFKA_BROKERS?.split(',') ?? [LOCAL_KAFKA];
const tag = `replay${Date.now().toString(36)}`;
const topics = prefixedTopics(`${tag}.`);
await provisionInfra({ brokers, topicPrefix: `${tag}.` });
const codec = createCodec();
const bus = new KafkaEventBus({
  brokers,
  clientId: 'replay-writer',
  logger: createLogger('replay', { level: 'error' }),
});

// Write the year of incidents first (households see repeat incidents), in chunks so memory stays flat.
let written = 0;
const t0 = Date.now();
const CHUNK = 20_000;
for (let start = 0; written < COUNT; start += CHUNK) {
  const mix = generateMix(CHUNK, Number(args.seed) + start, `${tag}-${start}`)
    .filter((e) => e.type === 'IncidentRecorded')
    .slice(0, COUNT - written);
  for (let i = 0; i < mix.length; i += 1000) {
    await bus.publish(
      mix.slice(i, i + 1000).map((e) => ({
        topic: topics.incidentRecorded,
        key: e.type === 'IncidentRecorded' ? e.event.location.householdKey : null,
        value: codec.encode('IncidentRecorded', e.event as never),
      })),
    );
  }
  written += mix.length;
  if (start % 200_000 === 0)
    say(`written ${written} incidents (${Math.round(written / ((Date.now() - t0) / 1000))}/s)`);
}
say(`written ${written} incidents in ${((Date.now() - t0) / 1000).toFixed(0)} s; starting triage and router`);

const env = {
  KAFKA_BROKERS: brokers.join(','),
  TOPIC_PREFIX: `${tag}.`,
  LOG_LEVEL: 'info',
  TRIAGE_GROUP_ID: `${tag}-triage`,
  ROUTER_GROUP_ID: `${tag}-router`,
  ...tuningEnv(),
};
const started = Date.now();
const triage = await spawnService('triage', env);
const router = await spawnService('router', env);
let decided = 0;
let notifications = 0;
let lastNotificationAt = Date.now();
const subs = [
  await bus.consume({ groupId: `${tag}-count`, topics: [topics.shareDecided] }, async (batch) => {
    decided += batch.messages.length;
  }),
  await bus.consume({ groupId: `${tag}-notified`, topics: [topics.notification] }, async (batch) => {
    notifications += batch.messages.length;
    lastNotificationAt = Date.now();
  }),
];
let last = Date.now();
while (decided < written) {
  await new Promise((r) => setTimeout(r, 1000));
  if (Date.now() - last > 15_000) {
    say(
      `${decided}/${written} decided (${Math.round(decided / ((Date.now() - started) / 1000))}/s); memory triage ${memoryPeakMiB(triage.child.pid)} MiB, router ${memoryPeakMiB(router.child.pid)} MiB`,
    );
    last = Date.now();
  }
}
const seconds = (Date.now() - started) / 1000;
say(`${decided} decided in ${seconds.toFixed(0)} s; waiting for the router to finish routing`);
// The router has finished when no notification has arrived for 5 s.
while (Date.now() - lastNotificationAt < 5000) await new Promise((r) => setTimeout(r, 500));
const routedSeconds = Math.max(seconds, (lastNotificationAt - started) / 1000);
const result = {
  run: tag,
  incidents: written,
  seconds: Math.round(seconds),
  perSecond: Math.round(written / seconds),
  routedSeconds: Math.round(routedSeconds),
  routedPerSecond: Math.round(written / routedSeconds),
  notifications,
  memoryPeakMiB: { triage: memoryPeakMiB(triage.child.pid), router: memoryPeakMiB(router.child.pid) },
};
for (const sub of subs) await sub.stop();
await triage.stop('SIGTERM');
await router.stop('SIGTERM');
await bus.close();
say(`deleted the run's ${await deleteRunTopics(brokers, `${tag}.`)} topics`);
mkdirSync(join(repoRoot, 'bench-results'), { recursive: true });
writeFileSync(join(repoRoot, 'bench-results', `${tag}.json`), `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(
  `replay ${tag}: ${written} incidents decided by triage (and routed by router) in ${result.seconds} s (${result.perSecond}/s), routed (${notifications} notifications) in ${result.routedSeconds} s (${result.routedPerSecond}/s); memory peak triage ${result.memoryPeakMiB.triage} MiB, router ${result.memoryPeakMiB.router} MiB\n`,
);
process.exit(0);
