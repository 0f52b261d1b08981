// Peak resident memory per phase, from the kernel: VmHWM of /proc/self/status, reset between phases through
// /proc/self/clear_refs ("5" clears the high-water mark, Linux ≥ 4.0). Without them, samples of the resident size.
import { readFileSync, writeFileSync } from "node:fs";

const MB = 1024 * 1024;

function kernelPeakMb(): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
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

export interface PeakMeter {
  /** Ends the current phase (its peak recorded under its name) and starts the next. */
  phase(name: string): void;
  /** Ends the last phase; the peak of each phase in MB. */
  finish(): Record<string, number>;
}

export function peakMeter(): PeakMeter {
  const peaks: Record<string, number> = {};
  const kernel = clearKernelPeak();
  let sampled = 0;
  const sample = () => {
    sampled = Math.max(sampled, process.memoryUsage().rss / MB);
  };
  // Between kernel reads, samples catch what a platform without /proc would miss (and cost nothing where it has it).
  const sampler = setInterval(sample, 20);
  let current: string | undefined;
  const close = () => {
    sample();
    if (current !== undefined)
      peaks[current] = Math.round(Math.max(sampled, (kernel && kernelPeakMb()) || 0) * 10) / 10;
    sampled = 0;
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
