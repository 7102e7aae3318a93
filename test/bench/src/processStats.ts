import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** A process's peak resident memory (VmHWM) in MiB, or null once it has gone. */
export function memoryPeakMiB(pid: number | undefined): number | null {
  try {
    const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return Math.round(kb / 1024);
  } catch {
    return null;
  }
}

/** CPU seconds (user plus system) a process has used so far, or null once it has gone. */
export function cpuSeconds(pid: number | undefined): number | null {
  try {
    // Fields after the command name, which is in parentheses and may hold spaces: state is field 3, utime 14, stime 15.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** The pid of the local Kafka broker (a java process running kafka.Kafka), if it runs on this machine. */
export function brokerPid(): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes('java') && cmdline.includes('kafka.Kafka')) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}
