import { describe, expect, it } from 'vitest';
import { cpuSeconds, memoryPeakMiB } from './processStats.js';

describe('processStats', () => {
  it("reads this process's CPU seconds, which grow as it works", () => {
    const before = cpuSeconds(process.pid)!;
    const until = Date.now() + 150;
    let spin = 0;
    while (Date.now() < until) spin++;
    expect(spin).toBeGreaterThan(0);
    expect(cpuSeconds(process.pid)!).toBeGreaterThan(before);
  });

  it("reads this process's peak memory in MiB, at least what it holds now", () => {
    expect(memoryPeakMiB(process.pid)!).toBeGreaterThanOrEqual(
      Math.floor(process.memoryUsage().rss / 2 ** 20) - 1,
    );
  });

  it('answers null for a process that is not there', () => {
    expect(cpuSeconds(2 ** 22 + 1)).toBeNull();
    expect(memoryPeakMiB(2 ** 22 + 1)).toBeNull();
  });
});
