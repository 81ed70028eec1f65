/** Every benchmark ends by printing exactly one JSON object on one stdout line. */
export function emit(result) {
  process.stdout.write(JSON.stringify(result) + '\n');
}

/** Progress for humans goes to stderr, so stdout stays one JSON line. */
export function note(text) {
  process.stderr.write(`  ${text}\n`);
}
