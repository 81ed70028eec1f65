/** The local vendor emulator: public entry points. */
import { launchEmulator, type EmulatorOptions, type RunningEmulator } from './server.js';
import { VENDOR_MODULES } from './vendors.js';

export type { EmulatorControl, RequestFilter } from './control.js';
export type { FaultConfig, FaultRule, Fixtures, RateLimit, RequestLogEntry, VendorName } from './contract.js';
export { defaultFixtures } from './fixtures-demo.js';
export { loadFixturesFile } from './fixtures.js';
export { EmulatorDataError } from './persistence.js';
export type { RateLimits } from './rate-limit.js';
export type { EmulatorOptions, RunningEmulator } from './server.js';

/** Starts the emulator with all three vendors (Chatwoot, Tether, Healthing). */
export function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return launchEmulator(VENDOR_MODULES, options);
}
