import type { Clock } from '../ports/Clock.js';
import { systemClock } from '../ports/Clock.js';

/** One assigned partition as the monitor sees it: how far the broker's log goes and how far the group got. */
export interface PartitionProgress {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  /** Records between the group's position and the high watermark of the last fetch (0 when caught up). */
  readonly lag: number;
  /** Seconds since the position last moved while the partition was behind (0 when caught up). */
  readonly behindSeconds: number;
  /** True when it is behind and has not moved for the monitor's `stallAfterMs`. */
  readonly stalled: boolean;
}

/** Settings of {@link ConsumerMonitor}. */
export interface ConsumerMonitorOptions {
  /** How long a partition that is behind may go without progress before it counts as stalled (ms). */
  readonly stallAfterMs: number;
  readonly clock?: Clock;
}

interface PartitionState {
  highWatermark: bigint;
  position: bigint | undefined;
  /** When the position last moved, or when the partition fell behind (whichever is later), ms. */
  movedAt: number;
}

/**
 * What every consumer of a service is doing, reported by the event bus (the Kafka adapter calls it from its
 * consumer loop): each assigned partition's high watermark and processed position (hence its lag), when it last
 * made progress, the records processed, whether each group's consumer has crashed, and the dead letters written.
 * Pure and clocked, so readiness (`consumersMoving`) and `/metrics` (`createHttpApp`'s `consumers`) read the same
 * truth: a consumer that cannot make progress is not ready and its lag shows (issue 17).
 */
export class ConsumerMonitor {
  private readonly clock: Clock;
  private readonly partitions = new Map<
    string,
    PartitionState & { group: string; topic: string; partition: number }
  >();
  private readonly crashedGroups = new Map<string, string>();
  private readonly processedByTopic = new Map<string, number>();
  private readonly deadLetterCounts = new Map<string, { topic: string; code: string; count: number }>();

  constructor(private readonly options: ConsumerMonitorOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /**
   * A fetch of a partition came back: the broker's high watermark for it now, and the offset of the first record
   * fetched (the group's position, until it reports progress of its own).
   */
  fetched(
    group: string,
    topic: string,
    partition: number,
    highWatermark: string,
    firstOffset?: string,
  ): void {
    const state = this.stateOf(group, topic, partition);
    const hw = BigInt(highWatermark);
    const wasBehind = this.lagOf(state) > 0n;
    if (state.position === undefined && firstOffset !== undefined) state.position = BigInt(firstOffset);
    if (hw > state.highWatermark) state.highWatermark = hw;
    // Falling behind starts the stall clock now, not when the partition last moved (it may have idled for hours).
    if (!wasBehind && this.lagOf(state) > 0n) state.movedAt = this.now();
    this.crashedGroups.delete(group);
  }

  /**
   * The group's position on a partition moved to `nextOffset` (the offset after the last record handled and
   * committed), having handled `records` records (0 for transaction markers skipped).
   */
  progressed(group: string, topic: string, partition: number, nextOffset: string, records: number): void {
    const state = this.stateOf(group, topic, partition);
    const next = BigInt(nextOffset);
    if (state.position === undefined || next > state.position) {
      state.position = next;
      state.movedAt = this.now();
    }
    if (next > state.highWatermark) state.highWatermark = next;
    if (records > 0) this.processedByTopic.set(topic, (this.processedByTopic.get(topic) ?? 0) + records);
    this.crashedGroups.delete(group);
  }

  /** Partitions were assigned to the group: forget those it no longer holds (another instance reports them). */
  assigned(group: string, assignment: ReadonlyArray<{ topic: string; partitions: readonly number[] }>): void {
    const held = new Set(assignment.flatMap((a) => a.partitions.map((p) => keyOf(group, a.topic, p))));
    for (const [key, state] of this.partitions)
      if (state.group === group && !held.has(key)) this.partitions.delete(key);
    this.crashedGroups.delete(group);
  }

  /** The group's consumer crashed (`code`: the error's name or code, never a message's contents). */
  crashed(group: string, code: string): void {
    this.crashedGroups.set(group, code);
  }

  /** The group's consumer was stopped on purpose: it no longer counts. */
  stopped(group: string): void {
    this.crashedGroups.delete(group);
    for (const [key, state] of this.partitions) if (state.group === group) this.partitions.delete(key);
  }

  /** A message read from `topic` was dead-lettered for `code`, its dead letter written. */
  deadLettered(topic: string, code: string, count = 1): void {
    const key = `${topic}|${code}`;
    const entry = this.deadLetterCounts.get(key) ?? { topic, code, count: 0 };
    entry.count += count;
    this.deadLetterCounts.set(key, entry);
  }

  /** Every partition held, with its lag and whether it is stalled, now. */
  progress(): PartitionProgress[] {
    const now = this.now();
    return [...this.partitions.values()].map((s) => {
      const lag = this.lagOf(s);
      const behindMs = lag > 0n ? Math.max(0, now - s.movedAt) : 0;
      return {
        group: s.group,
        topic: s.topic,
        partition: s.partition,
        lag: Number(lag),
        behindSeconds: behindMs / 1000,
        stalled: lag > 0n && behindMs >= this.options.stallAfterMs,
      };
    });
  }

  /** Records handled so far, by the topic they were read from. */
  processed(): Array<{ topic: string; count: number }> {
    return [...this.processedByTopic].map(([topic, count]) => ({ topic, count }));
  }

  /** Dead letters written so far, by the topic their message was read from and the reason's code. */
  deadLetters(): Array<{ topic: string; code: string; count: number }> {
    return [...this.deadLetterCounts.values()].map((e) => ({ ...e }));
  }

  /**
   * Why the consumers cannot do their job now, one short line each (group, topic and partition, never contents):
   * a crashed consumer, a stalled partition. Empty when every consumer is moving.
   */
  problems(): string[] {
    return [
      ...[...this.crashedGroups].map(([group, code]) => `consumer ${group} crashed (${code})`),
      ...this.progress()
        .filter((p) => p.stalled)
        .map(
          (p) =>
            `consumer ${p.group} stalled on ${p.topic}/${p.partition} (lag ${p.lag}, ${Math.round(p.behindSeconds)} s without progress)`,
        ),
    ];
  }

  private stateOf(group: string, topic: string, partition: number) {
    const key = keyOf(group, topic, partition);
    let state = this.partitions.get(key);
    if (!state) {
      state = { group, topic, partition, highWatermark: 0n, position: undefined, movedAt: this.now() };
      this.partitions.set(key, state);
    }
    return state;
  }

  private lagOf(state: PartitionState): bigint {
    if (state.position === undefined) return 0n;
    const lag = state.highWatermark - state.position;
    return lag > 0n ? lag : 0n;
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}

function keyOf(group: string, topic: string, partition: number): string {
  return `${group}|${topic}|${partition}`;
}
