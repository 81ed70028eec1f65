import { describe, expect, it } from 'vitest';
import { MAX_REPORTED_PROBLEMS, referenceSuggester } from '../../src/config/problems.js';
import { closest, didYouMean } from '../../src/config/suggest.js';

describe('did-you-mean', () => {
  it('suggests a candidate within a typo of the word, ignoring case', () => {
    expect(closest('webwidget', ['web_widget', 'api', 'email'])).toBe('web_widget');
    expect(closest('API', ['web_widget', 'api', 'email'])).toBe('api');
    expect(closest('sms', ['web_widget', 'api', 'email'])).toBeUndefined();
  });

  it('looks no further for very long words: the distance is quadratic in their length', () => {
    const long = 'a'.repeat(200);
    expect(closest(long, [`${long}b`])).toBeUndefined();
    expect(closest('a'.repeat(100), [`${'a'.repeat(100)}b`])).toBe(`${'a'.repeat(100)}b`);
  });

  it('quotes a long suggestion short', () => {
    expect(didYouMean(`${'x'.repeat(100)}y`, ['x'.repeat(100)])).toBe(` (did you mean "${'x'.repeat(80)}…"?)`);
  });

  it('looks for as many dangling references as problems are shown, then no more', () => {
    let looks = 0;
    const suggest = referenceSuggester(() => {
      looks++;
      return ['handbook'];
    });
    const ref = { path: ['portal'], kind: 'portal', key: 'handbok' };
    const said = Array.from({ length: MAX_REPORTED_PROBLEMS + 5 }, () => suggest(ref, undefined));
    expect(said[0]).toBe(' (did you mean "handbook"?)');
    expect(said.at(-1)).toBe('');
    expect(looks).toBe(MAX_REPORTED_PROBLEMS);
  });
});
