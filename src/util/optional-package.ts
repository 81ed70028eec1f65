/**
 * Packages deskform declares as optional peer dependencies (the Terraform
 * provider's gRPC stack): only the feature that needs one loads it, so users
 * who never run that feature need not install it, and those who do get told
 * which package is missing rather than Node's resolution error.
 */
import { UserError } from '../errors.js';

function isMissing(name: string, err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  // Only the package itself: a broken install of one of its own dependencies keeps Node's message.
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && err instanceof Error && err.message.includes(`'${name}'`);
}

function missing(name: string, feature: string): UserError {
  return new UserError(
    `${feature} needs the npm package ${name}, which is not installed: run \`npm install ${name}\` where deskform is installed (with -g for a global deskform)`,
  );
}

/** Runs `load` (an `import()` of `name`), turning "cannot find package `name`" into a UserError naming it. */
export async function importOptional<T>(name: string, feature: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (err) {
    throw isMissing(name, err) ? missing(name, feature) : err;
  }
}

/** Fails as `importOptional` would, without loading the package. */
export function assertInstalled(name: string, feature: string): void {
  try {
    import.meta.resolve(name);
  } catch (err) {
    throw isMissing(name, err) ? missing(name, feature) : err;
  }
}
