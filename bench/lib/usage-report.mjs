/**
 * Preloaded with `node --import` into a measured CLI process: at exit it
 * writes the process's peak resident set size and CPU time to the file named
 * by DESKFORM_BENCH_USAGE_FILE, so the CLI itself carries no benchmark code.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.DESKFORM_BENCH_USAGE_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRssKiB: usage.maxRSS, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }));
  });
}
