import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAreas } from '@sharehub/decision-core';
import { repoRoot } from '@sharehub/infra';
import { InMemoryEventBus, waitFor } from '@sharehub/kit/testing';
import type { AuditRecord, IncidentRecorded, ShareNotification } from '@sharehub/schemas';
import {
  expectedNotifications,
  notificationKeys,
  pipelineTopicNames,
  startPipeline,
} from './pipelineHarness.js';
import { uniqueIncident } from './pipelineScenarios.js';

/**
 * An AREAS_DIR as a deployment would write it: the project's two areas, and a third, testshire, from files alone
 * (the decision-core fixture, copied to rulesets/testshire.json and directory/testshire.json). No code names it.
 */
function deploymentAreasDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'areas-'));
  mkdirSync(join(dir, 'rulesets'));
  mkdirSync(join(dir, 'directory'));
  for (const area of ['trafford', 'kent']) {
    cpSync(
      join(repoRoot, 'services/decision-core/rulesets', `${area}.json`),
      join(dir, 'rulesets', `${area}.json`),
    );
    cpSync(join(repoRoot, 'infra/directory', `${area}.json`), join(dir, 'directory', `${area}.json`));
  }
  const fixture = join(repoRoot, 'services/decision-core/test-fixtures/areas/testshire');
  cpSync(join(fixture, 'ruleset.json'), join(dir, 'rulesets', 'testshire.json'));
  cpSync(join(fixture, 'directory.json'), join(dir, 'directory', 'testshire.json'));
  return dir;
}

describe('a third area added by files alone, end to end in the in-memory pipeline', () => {
  it('routes a testshire incident through triage and router to its own team, as explain says', async () => {
    const areaOf = loadAreas(deploymentAreasDir());
    expect(areaOf.areas).toEqual(['kent', 'testshire', 'trafford']);
    const topics = pipelineTopicNames();
    const bus = new InMemoryEventBus(3);
    const pipeline = await startPipeline(bus, topics, { areaOf });
    try {
      const incident: IncidentRecorded = { ...uniqueIncident(), area: 'testshire', dashRisk: 'HIGH' };
      await bus.publish([
        {
          topic: topics.incidents,
          key: incident.location.householdKey,
          value: pipeline.codec.encode('IncidentRecorded', incident),
        },
      ]);
      const want = expectedNotifications([{ type: 'IncidentRecorded', event: incident }], areaOf);
      // X1 (HIGH risk, a resident child): a referral to testshire's children's services team.
      expect(want.filter((k) => k.startsWith('CHILDRENS_SOCIAL_CARE:ts-csc:')).length).toBeGreaterThan(0);
      expect(want.every((k) => k.split(':')[3] === 'REFERRAL')).toBe(true);
      const sent = () => pipeline.collected.of<ShareNotification>(topics.notifications);
      await waitFor(() => sent().length >= want.length, `${want.length} testshire notifications`, 30_000);
      expect(notificationKeys(sent()).sort()).toEqual([...want].sort());
      expect(sent().every((n) => n.area === 'testshire')).toBe(true);
      const audits = () =>
        pipeline.collected.of<AuditRecord>(topics.audit).filter((a) => a.kind === 'SHARE_SENT');
      await waitFor(() => audits().length >= want.length, 'an audit record for each share', 30_000);
      expect(new Set(audits().map((a) => a.ruleset?.id))).toEqual(new Set(['testshire']));
      expect(audits().every((a) => a.ruleset?.hash === areaOf('testshire').rulesetRef.hash)).toBe(true);
      expect(pipeline.collected.of(topics.deadLetter)).toEqual([]);
    } finally {
      await pipeline.stop();
    }
  });
});
