import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const load = (env: Record<string, string>) => loadConfig(env, '/srv/cqp');

describe('loadConfig', () => {
  it('runs with no configuration at all: port 3000, embedded database under .data, demo mode on', () => {
    const c = load({});
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir).toBe('/srv/cqp/.data');
    expect(c.demoMode).toBe(true);
    expect(c.publicUrl).toBe('http://localhost:3000');
    expect(c.dbPoolSize).toBe(4);
  });

  it('turns demo mode off by default on a real database or in production', () => {
    expect(load({ DATABASE_URL: 'postgresql://u@h/db' }).demoMode).toBe(false);
    expect(load({ NODE_ENV: 'production' }).demoMode).toBe(false);
    expect(load({ DATABASE_URL: 'postgresql://u@h/db', DEMO_MODE: 'true' }).demoMode).toBe(true);
  });

  it.each([
    ['PORT', 'abc', 'Invalid configuration: PORT must be a whole number from 1 to 65535 (got "abc").'],
    ['PORT', '70000', 'Invalid configuration: PORT must be a whole number from 1 to 65535 (got "70000").'],
    [
      'DATABASE_URL',
      'mysql://x',
      'Invalid configuration: DATABASE_URL must be a URL starting postgres:// or postgresql:// (got "mysql://x").',
    ],
    [
      'LOG_LEVEL',
      'loud',
      'Invalid configuration: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud").',
    ],
    ['DEMO_MODE', 'yes', 'Invalid configuration: DEMO_MODE must be auto, true or false (got "yes").'],
    [
      'SMTP_URL',
      'http://mail',
      'Invalid configuration: SMTP_URL must be a URL starting smtp:// or smtps:// (got "http://mail").',
    ],
  ])('stops on %s=%s with one line naming the variable', (name, value, message) => {
    expect(() => load({ [name]: value })).toThrow(new ConfigError(message));
    expect(message).not.toContain('\n');
  });

  it('treats an empty variable as unset', () => {
    expect(load({ PORT: '' }).port).toBe(3000);
  });

  it('derives the public URL from PORT and strips a trailing slash from PUBLIC_URL', () => {
    expect(load({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(load({ PUBLIC_URL: 'https://cq.example.nhs.uk/' }).publicUrl).toBe('https://cq.example.nhs.uk');
  });
});
