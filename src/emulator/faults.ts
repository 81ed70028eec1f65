/**
 * Deterministic fault injection. Rules are checked in order and the first
 * matching, unspent rule applies. Each applied rule with any probability draws
 * exactly one number from a PRNG seeded by the config, so the same seed and the
 * same request sequence always give the same faults.
 */
import * as z from 'zod';
import { UserError } from '../errors.js';
import { VENDOR_NAMES, type FaultConfig, type FaultRule, type VendorName } from './contract.js';
import { SeededRandom } from './rng.js';

const probability = z.number().min(0).max(1).optional();

const faultRuleSchema = z.strictObject({
  vendor: z.enum(VENDOR_NAMES as [VendorName, ...VendorName[]]).optional(),
  method: z.string().min(1).optional(),
  path: z.string().optional(),
  latency_ms: z.number().min(0).max(600_000).optional(),
  error_rate: probability,
  error_status: z.int().min(500).max(599).optional(),
  rate_429_retry_after: probability,
  rate_429: probability,
  retry_after_s: z.int().min(0).optional(),
  reset_rate: probability,
  commit_then_reset_rate: probability,
  times: z.int().min(0).optional(),
});

const faultConfigSchema = z.strictObject({
  seed: z.int(),
  rules: z.array(faultRuleSchema),
});

/** Validates a FaultConfig that arrived from outside (control surface or tests). */
export function parseFaultConfig(input: unknown): FaultConfig {
  const parsed = faultConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  const where = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
  throw new UserError(`invalid fault config: ${where}${first?.message ?? 'invalid'}`);
}

export type FaultOutcome =
  | { kind: 'error'; status: number }
  | { kind: '429'; retryAfterSeconds: number | undefined }
  | { kind: 'reset' }
  | { kind: 'commit_then_reset' };

export interface FaultDecision {
  latencyMs: number;
  outcome: FaultOutcome | undefined;
}

interface ActiveRule {
  rule: FaultRule;
  remaining: number | undefined;
}

export class FaultEngine {
  private rules: ActiveRule[] = [];
  private random = new SeededRandom(0);

  configure(config: FaultConfig): void {
    this.rules = config.rules.map((rule) => ({ rule: { ...rule }, remaining: rule.times }));
    this.random = new SeededRandom(config.seed);
  }

  clear(): void {
    this.rules = [];
  }

  /** Picks the fault for one vendor request; undefined when no rule applies. */
  decide(vendor: VendorName, method: string, pathWithQuery: string): FaultDecision | undefined {
    const active = this.rules.find(
      (a) =>
        (a.remaining === undefined || a.remaining > 0) &&
        (a.rule.vendor === undefined || a.rule.vendor === vendor) &&
        (a.rule.method === undefined || a.rule.method.toUpperCase() === method.toUpperCase()) &&
        (a.rule.path === undefined || pathWithQuery.includes(a.rule.path)),
    );
    if (!active) return undefined;
    if (active.remaining !== undefined) active.remaining--;
    return { latencyMs: active.rule.latency_ms ?? 0, outcome: this.roll(active.rule) };
  }

  private roll(rule: FaultRule): FaultOutcome | undefined {
    const bands: Array<[number | undefined, () => FaultOutcome]> = [
      [rule.error_rate, () => ({ kind: 'error', status: rule.error_status ?? 503 })],
      [rule.rate_429_retry_after, () => ({ kind: '429', retryAfterSeconds: rule.retry_after_s ?? 1 })],
      [rule.rate_429, () => ({ kind: '429', retryAfterSeconds: undefined })],
      [rule.reset_rate, () => ({ kind: 'reset' })],
      [rule.commit_then_reset_rate, () => ({ kind: 'commit_then_reset' })],
    ];
    if (!bands.some(([p]) => (p ?? 0) > 0)) return undefined;
    // One draw partitions [0,1) into consecutive bands, so the rates are exclusive.
    const draw = this.random.next();
    let upper = 0;
    for (const [p, outcome] of bands) {
      upper += p ?? 0;
      if (draw < upper) return outcome();
    }
    return undefined;
  }
}
