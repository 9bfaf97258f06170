import { readProcessMemory } from '../support/process-memory';

/** Samples a process's resident memory every `intervalMs` until stopped; the peak is what the bench reports. */
export function sampleMemory(pid: number, intervalMs = 100): { stop(): { peakRssMb: number; samples: number } } {
  let peak = 0;
  let samples = 0;
  const take = () => {
    try {
      peak = Math.max(peak, readProcessMemory(pid).rssMb);
      samples += 1;
    } catch {
      // The process is gone; the walk reports that as its own error.
    }
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      take();
      return { peakRssMb: peak, samples };
    },
  };
}
