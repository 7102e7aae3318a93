import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAreaRegistry, decideIncident, MemoryHistory } from '@sharehub/decision-core';
import { waitFor } from '@sharehub/kit/testing';
import type { AuditRecord, DeadLetter, IncidentRecorded, ShareNotification } from '@sharehub/schemas';
import { collectOutputs, outputTopicsOf, startHub } from './hubHarness.js';
import { uniqueIncident } from './pipelineScenarios.js';

const COUNT = 1000;
let hub: Awaited<ReturnType<typeof startHub>>;
let out: Awaited<ReturnType<typeof collectOutputs>>;
beforeAll(async () => {
  hub = await startHub();
  out = await collectOutputs(outputTopicsOf(hub.topics));
});
afterAll(async () => {
  await out?.stop();
  await hub?.stop();
});

/** A varied, deterministic incident: some shared (crime, pregnancy, child victim), some not. */
function variedIncident(n: number): IncidentRecorded {
  const base = uniqueIncident(n % 3 === 0 ? 'incident-trafford-not-shared' : 'incident-trafford');
  return {
    ...base,
    crimeRecorded: n % 4 !== 0 && base.crimeRecorded,
    victim: { ...base.victim, pregnant: n % 7 === 0 },
  };
}

describe('faults: processes killed while 1,000 incidents flow', () => {
  it('delivers every expected notification exactly once, and one audit record per decision, after SIGKILL of router then triage', async () => {
    const areaOf = createAreaRegistry();
    const incidents = Array.from({ length: COUNT }, (_, n) => variedIncident(n));
    const expected = new Map<string, string>(); // notificationId -> incident eventId
    for (const i of incidents)
      for (const s of decideIncident(areaOf(i.area), i, new MemoryHistory()).shares)
        expected.set(s.notificationId, i.eventId);
    const eventIds = new Set(incidents.map((i) => i.eventId));
    const refs = new Set(incidents.map((i) => i.incidentRef));
    const started = Date.now();
    let posted = 0;
    const post = async (i: IncidentRecorded) => {
      for (let attempt = 0; ; attempt++) {
        const res = await hub.post('/v1/incidents', i);
        if (res.status === 202) return;
        if (res.status !== 503 || attempt > 20)
          throw new Error(`POST answered ${res.status}: ${await res.text()}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    };
    const queue = [...incidents];
    const workers = Array.from({ length: 16 }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        await post(next);
        posted++;
      }
    });
    const faults = (async () => {
      await waitFor(() => posted >= COUNT / 3, 'a third posted', 120_000, 5);
      await hub.services.get('router')!.stop('SIGKILL');
      await hub.start('router');
      await waitFor(() => posted >= (2 * COUNT) / 3, 'two thirds posted', 120_000, 5);
      await hub.services.get('triage')!.stop('SIGKILL');
      await hub.start('triage');
    })();
    await Promise.all([...workers, faults]);
    const postedAt = Date.now();

    const ours = () =>
      out
        .of<ShareNotification>(hub.topics.notification)
        .filter((n) => refs.has(n.source.ref.replace(/^HUB-GMP-/, '')));
    await waitFor(
      () => new Set(ours().map((n) => n.notificationId)).size >= expected.size,
      `${expected.size} notifications`,
      240_000,
      100,
    );
    const doneAt = Date.now();
    const counts = new Map<string, number>();
    for (const n of ours()) counts.set(n.notificationId, (counts.get(n.notificationId) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual([...expected.keys()].sort());
    expect([...counts.values()].filter((c) => c !== 1)).toEqual([]);

    await waitFor(
      () =>
        out
          .of<AuditRecord>(hub.topics.auditRecord)
          .filter(
            (a) => (a.kind === 'SHARED' || a.kind === 'NOT_SHARED') && eventIds.has(a.source?.eventId ?? ''),
          ).length >= COUNT,
      'decision audits',
      120_000,
      100,
    );
    const audits = out.of<AuditRecord>(hub.topics.auditRecord);
    const perDecision = new Map<string, number>();
    for (const a of audits.filter(
      (x) => (x.kind === 'SHARED' || x.kind === 'NOT_SHARED') && eventIds.has(x.source?.eventId ?? ''),
    ))
      perDecision.set(a.auditId, (perDecision.get(a.auditId) ?? 0) + 1);
    expect(perDecision.size).toBe(COUNT);
    expect([...perDecision.values()].every((c) => c === 1)).toBe(true);
    const shareAudits = audits.filter((a) => a.kind === 'SHARE_SENT' && expected.has(a.notificationId ?? ''));
    expect(shareAudits).toHaveLength(expected.size);
    const groups = [...hub.services.values()].map((s) => s.name);
    const letters = out
      .of<DeadLetter>(hub.topics.deadLetter)
      .filter((d) => d.consumerGroup.includes(hub.run));
    expect(letters, `dead letters of ${groups.join(',')}`).toEqual([]);
    const seconds = (doneAt - started) / 1000;
    process.stderr.write(
      `[fault] ${COUNT} incidents → ${expected.size} notifications in ${seconds.toFixed(1)} s (${(COUNT / seconds).toFixed(0)} incidents/s end to end, POSTs done after ${((postedAt - started) / 1000).toFixed(1)} s), with router and triage SIGKILLed and restarted\n`,
    );
  });
});
