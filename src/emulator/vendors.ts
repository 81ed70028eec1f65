/** The one registry of vendor modules the emulator serves. */
import { chatwootModule } from './chatwoot/index.js';
import type { VendorModule } from './contract.js';
import { healthingModule } from './healthing/index.js';
import { tetherModule } from './tether/index.js';

export const VENDOR_MODULES: readonly VendorModule<unknown>[] = [
  chatwootModule as VendorModule<unknown>,
  tetherModule as VendorModule<unknown>,
  healthingModule as VendorModule<unknown>,
];
