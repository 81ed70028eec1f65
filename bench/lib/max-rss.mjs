/**
 * Preloaded with `node --import` into a measured CLI process: at exit it
 * writes the process's peak resident set size (KiB) to the file named by
 * DESKFORM_BENCH_RSS_FILE, so the CLI itself carries no benchmark code.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.DESKFORM_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
