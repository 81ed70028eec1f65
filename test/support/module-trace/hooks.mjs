// Module hooks appending the URL of every file module loaded to $DESKFORM_MODULE_TRACE, one per line.
import { appendFileSync } from 'node:fs';

export async function load(url, context, nextLoad) {
  if (url.startsWith('file:')) appendFileSync(process.env.DESKFORM_MODULE_TRACE, `${url}\n`);
  return nextLoad(url, context);
}
