import { describe, expect, it } from 'vitest';
import { loadTopicCatalogue, TOPICS } from './topicCatalogue.js';

describe('the topic catalogue', () => {
  const topics = loadTopicCatalogue();

  it('declares every topic the code names, and only those', () => {
    expect(topics.map((t) => t.name).sort()).toEqual(Object.values(TOPICS).sort());
  });

  it('gives each topic partitions, retention, a cleanup policy, and what its key holds', () => {
    for (const t of topics) {
      expect(t.partitions, t.name).toBeGreaterThan(0);
      expect(t.retentionMs === -1 || t.retentionMs > 0, t.name).toBe(true);
      expect(['delete', 'compact', 'compact,delete'], t.name).toContain(t.cleanupPolicy);
      expect(t.key.length, t.name).toBeGreaterThan(0);
    }
  });

  it('keeps the audit topic in one partition, so the log has one order', () => {
    expect(topics.find((t) => t.name === TOPICS.auditRecord)?.partitions).toBe(1);
  });

  it('states why dead letters and consent records are kept as long as they are', () => {
    const deadLetter = topics.find((t) => t.name === TOPICS.deadLetter)!;
    expect(deadLetter.retentionMs).toBe(30 * 24 * 3_600_000);
    const consent = topics.find((t) => t.name === TOPICS.consentRecorded)!;
    expect(consent.retentionMs).toBe(-1);
    expect(consent.cleanupPolicy).toBe('delete');
    for (const t of [deadLetter, consent]) expect(t.retentionReason?.length, t.name).toBeGreaterThan(40);
  });
});
