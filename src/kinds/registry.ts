/**
 * The one place resource kinds are registered, in creation order: a kind's
 * position is its rank. A reference to a kind that comes later is linked
 * after both exist (this breaks portal ↔ inbox cycles).
 */
import { channelKind } from './channel.js';
import { inboxKind } from './inbox.js';
import { portalKind } from './portal.js';
import type { Kind } from './types.js';
import { webchatKind } from './webchat.js';

export const KINDS: readonly Kind[] = [portalKind, inboxKind, webchatKind, channelKind];

export function kindNamed(name: string): Kind | undefined {
  return KINDS.find((k) => k.kind === name);
}
