import { test } from 'vitest';
import { PROVIDERS, load, tree } from './helpers.js';
test('prof', async () => {
  let text = PROVIDERS + 'widgets:\n';
  for (let i = 0; i < 100; i++) text += `  - name: Widget ${i}\n    color: "#1F93FF"\n    size: ${i + 1}\n    tags: [a, b, c]\n    channel: { type: web, website_url: "https://w${i}.example.com" }\n`;
  const dir = tree({ 'a.yaml': text });
  const times: number[] = [];
  const c0 = process.cpuUsage();
  for (let r = 0; r < 60; r++) { const t = performance.now(); await load(dir); times.push(performance.now() - t); }
  console.log(times.slice(0, 8).map((x) => x.toFixed(1)).join(' '), 'min', Math.min(...times).toFixed(1), 'cpu/run', (process.cpuUsage(c0).user / 1000 / 60).toFixed(1));
});
