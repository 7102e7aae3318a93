import { describe, expect, it } from 'vitest';
import { ConfigError } from '@sharehub/kit';
import { chooseLogFormat } from './chooseLogFormat.js';

describe('chooseLogFormat', () => {
  it('pretty-prints for a person at a terminal', () => {
    expect(chooseLogFormat(true)).toBe('pretty');
    expect(chooseLogFormat(true, '')).toBe('pretty');
  });

  it('keeps the JSON lines when stdout is a pipe or a file', () => {
    expect(chooseLogFormat(false)).toBe('json');
  });

  it('lets LOG_FORMAT override the terminal check either way', () => {
    expect(chooseLogFormat(true, 'json')).toBe('json');
    expect(chooseLogFormat(false, 'pretty')).toBe('pretty');
  });

  it('refuses an unknown LOG_FORMAT with the setting named', () => {
    expect(() => chooseLogFormat(true, 'yaml')).toThrow(ConfigError);
    expect(() => chooseLogFormat(true, 'yaml')).toThrow(/LOG_FORMAT/);
  });
});
