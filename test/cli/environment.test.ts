import { describe, expect, it } from 'vitest';
import { colourWanted, configPaths, logLevelOf } from '../../src/cli/environment.js';

describe('configPaths', () => {
  it('takes the paths given, else DESKFORM_CONFIG split on commas, else deskform.yaml', () => {
    expect(configPaths(['a.yaml'], { DESKFORM_CONFIG: 'b.yaml' })).toEqual(['a.yaml']);
    expect(configPaths([], { DESKFORM_CONFIG: 'b.yaml, conf/c.yaml' })).toEqual(['b.yaml', 'conf/c.yaml']);
    expect(configPaths([], {})).toEqual(['deskform.yaml']);
  });

  it('names the variable when an entry is empty', () => {
    expect(() => configPaths([], { DESKFORM_CONFIG: '' })).toThrow('DESKFORM_CONFIG: expected config files or directories separated by commas, got ""');
    expect(() => configPaths([], { DESKFORM_CONFIG: 'a,,b' })).toThrow('DESKFORM_CONFIG');
  });
});

describe('colourWanted', () => {
  it('needs a colour terminal, and is turned off by --no-color, NO_COLOR or DESKFORM_NO_COLOR', () => {
    expect(colourWanted(true, undefined, {})).toBe(true);
    expect(colourWanted(true, true, {})).toBe(true);
    expect(colourWanted(false, undefined, {})).toBe(false);
    expect(colourWanted(true, false, {})).toBe(false);
    expect(colourWanted(true, undefined, { NO_COLOR: '1' })).toBe(false);
    expect(colourWanted(true, undefined, { DESKFORM_NO_COLOR: 'true' })).toBe(false);
  });

  it('ignores an empty NO_COLOR, as no-color.org says', () => {
    expect(colourWanted(true, undefined, { NO_COLOR: '' })).toBe(true);
  });
});

describe('logLevelOf', () => {
  it('is debug with --debug whatever DESKFORM_LOG says, else DESKFORM_LOG, else nothing', () => {
    expect(logLevelOf(true, { DESKFORM_LOG: 'warn' })).toBe('debug');
    expect(logLevelOf(undefined, { DESKFORM_LOG: 'INFO' })).toBe('info');
    expect(logLevelOf(undefined, { DESKFORM_LOG: '' })).toBeUndefined();
    expect(logLevelOf(undefined, {})).toBeUndefined();
  });

  it('names the variable of an unknown level', () => {
    expect(() => logLevelOf(undefined, { DESKFORM_LOG: 'trace' })).toThrow('DESKFORM_LOG: expected one of debug, info, warn, got "trace"');
  });
});
