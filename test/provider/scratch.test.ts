import { test } from 'vitest';
import { synthesize } from '../../examples/cdktf/main.js';
test('poke', async () => { synthesize('/tmp/synth1'); });
