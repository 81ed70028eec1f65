import { test } from 'vitest';
import { z } from 'zod';
import { KINDS } from '../../src/kinds/registry.js';
test("poke", () => {
const inbox = KINDS[1]!.schema as any;
const ch = inbox.shape.channel;
console.log(ch._zod.def.type, ch._zod.def.discriminator, ch._zod.def.options.length);
const wh = inbox.shape.working_hours;
console.log(wh._zod.def.type, wh._zod.def.innerType._zod.def.type, wh._zod.def.innerType._zod.def.element._zod.def.type);
console.log(inbox.shape.id._zod.def.type, inbox.shape.id.description, inbox.shape.id._zod.def.innerType.description);
const wc = KINDS[2]!.schema as any;
console.log(wc._zod.def.type, wc.shape.icon._zod.def.type, wc.shape.background_color.description, wc.shape.header_text_color.description);
const n = z.int(); console.log(n._zod.def.type, (n as any)._zod.def.format, (z.number().int() as any)._zod.def.checks?.length, (z.number().int() as any).format, (z.number() as any).format,(z.number().int() as any).isInt);
console.log((z.enum(['a','b']) as any)._zod.def.entries, (z.literal('x') as any)._zod.def.values);
console.log(z.email()._zod.def.type, (z.url() as any)._zod.def.type);
});
