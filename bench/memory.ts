// Peak resident memory per phase, from the kernel: VmHWM of /proc/self/status, reset between phases through
// /proc/self/clear_refs ("5" clears the high-water mark, Linux ≥ 4.0). Without them, samples of the resident size.
// Ponte's child processes (src/services/child-task.ts: charts, digest figures, the funder's sheet) are measured
// apart: the peak of the largest one that ran in each phase, from its own VmHWM while it runs.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";

const MB = 1024 * 1024;

function kernelPeakMb(pid: number | "self"): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

function clearKernelPeak(): boolean {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
    return true;
  } catch {
    return false;
  }
}

/** The running child processes of this one that are Ponte's own child tasks (their modules end in `-worker`). */
function childTaskPids(): number[] {
  try {
    const pids = readdirSync("/proc/self/task").flatMap((thread) =>
      readFileSync(`/proc/self/task/${thread}/children`, "utf8").split(" ").filter(Boolean).map(Number),
    );
    return pids.filter((pid) => {
      try {
        return /-worker\.[jt]s\0/.test(readFileSync(`/proc/${pid}/cmdline`, "utf8"));
      } catch {
        return false;
      }
    });
  } catch {
    return [];
  }
}

export interface PhasePeaks {
  /** The process that runs Ponte's code, as `npm start` would. */
  bot: Record<string, number>;
  /** The largest of Ponte's child processes in each phase that started any. */
  childProcesses: Record<string, number>;
}

export interface PeakMeter {
  /** Ends the current phase (its peak recorded under its name) and starts the next. */
  phase(name: string): void;
  /** Ends the last phase; the peaks of each phase in MB. */
  finish(): PhasePeaks;
}

const round = (mb: number) => Math.round(mb * 10) / 10;

export function peakMeter(): PeakMeter {
  const peaks: PhasePeaks = { bot: {}, childProcesses: {} };
  const kernel = clearKernelPeak();
  let sampled = 0;
  let childPeak = 0;
  const sample = () => {
    sampled = Math.max(sampled, process.memoryUsage().rss / MB);
    for (const pid of childTaskPids()) childPeak = Math.max(childPeak, kernelPeakMb(pid) ?? 0);
  };
  // Between kernel reads, samples catch what a platform without /proc would miss, and each child task's peak so far.
  const sampler = setInterval(sample, 20);
  let current: string | undefined;
  const close = () => {
    sample();
    if (current !== undefined) {
      peaks.bot[current] = round(Math.max(sampled, (kernel && kernelPeakMb("self")) || 0));
      if (childPeak > 0) peaks.childProcesses[current] = round(childPeak);
    }
    sampled = 0;
    childPeak = 0;
    if (kernel) clearKernelPeak();
  };
  return {
    phase(name) {
      close();
      current = name;
    },
    finish() {
      close();
      clearInterval(sampler);
      return peaks;
    },
  };
}
