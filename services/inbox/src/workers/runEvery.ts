import type { Logger } from '@sharehub/kit';

/** A background task that runs now and then every `intervalMs`, never overlapping itself. */
export interface PeriodicTask {
  /** Runs the task again as soon as the current run (if any) ends. */
  nudge(): void;
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

/** Runs `task` every `intervalMs` (and on `nudge`); a failed run is logged with `what` and tried at the next tick. */
export function runEvery(
  what: string,
  intervalMs: number,
  task: () => Promise<void>,
  logger: Logger,
): PeriodicTask {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    if (!stopped) timer = setTimeout(run, intervalMs);
  };
  const run = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    clearTimeout(timer);
    running = task()
      .catch((err: unknown) => logger.warn({ err, task: what }, 'background task failed; will retry'))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          setImmediate(run);
        } else schedule();
      });
  };
  setImmediate(run);
  return {
    nudge: () => run(),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
