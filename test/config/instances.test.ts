import { describe, expect, test } from 'vitest';
import { chooseInstance, holdsNamedInstances, instanceLabel } from '../../src/config/instances.js';

describe('provider instances', () => {
  test('a vendor block holding any provider field is one instance; one holding none names instances', () => {
    expect(holdsNamedInstances(['url', 'account_id', 'api_token'])).toBe(false);
    expect(holdsNamedInstances(['ur1', 'account_id'])).toBe(false);
    expect(holdsNamedInstances(['brand_a', 'brand_b'])).toBe(true);
    expect(holdsNamedInstances([])).toBe(false);
  });

  test('labels: the default instance is the vendor itself', () => {
    expect(instanceLabel('chatwoot', 'default')).toBe('chatwoot');
    expect(instanceLabel('chatwoot', 'brand_a')).toBe('chatwoot.brand_a');
  });

  const names = new Map([['chatwoot', ['brand_a', 'brand_b']], ['tether', ['default']]] as const);
  test('an object without provider: goes to the default instance, or the only one', () => {
    expect(chooseInstance(undefined, 'tether', names, 'webchats')).toEqual({ name: 'default' });
    expect(chooseInstance(undefined, 'healthing', names, 'channels')).toEqual({ name: 'default' });
    expect(chooseInstance(undefined, 'chatwoot', new Map([['chatwoot', ['prod']]]), 'inboxes')).toEqual({ name: 'prod' });
    expect(chooseInstance(undefined, 'chatwoot', names, 'inboxes')).toEqual({
      problem: 'needs a provider: field: chatwoot has several instances (chatwoot.brand_a, chatwoot.brand_b) and none is named default',
    });
  });

  test('provider: names the vendor and the instance', () => {
    expect(chooseInstance('chatwoot.brand_b', 'chatwoot', names, 'inboxes')).toEqual({ name: 'brand_b' });
    expect(chooseInstance('tether', 'tether', names, 'webchats')).toEqual({ name: 'default' });
    expect(chooseInstance('chatwoot', 'chatwoot', new Map([['chatwoot', ['prod']]]), 'inboxes')).toEqual({ name: 'prod' });
    expect(chooseInstance('chatwoot.brand_c', 'chatwoot', names, 'inboxes')).toEqual({ problem: 'provider "chatwoot.brand_c" is not declared: providers.chatwoot has chatwoot.brand_a, chatwoot.brand_b' });
    expect(chooseInstance('tether.x', 'chatwoot', names, 'inboxes')).toEqual({ problem: 'provider "tether.x": inboxes are chatwoot objects, not tether ones; write chatwoot or chatwoot.<instance>' });
    expect(chooseInstance('zendesk.x', 'chatwoot', names, 'inboxes')).toMatchObject({ problem: expect.stringContaining('"zendesk" is not a vendor') });
    expect(chooseInstance(7, 'chatwoot', names, 'inboxes')).toEqual({ problem: 'provider must be a string such as chatwoot.brand_a' });
  });
});
