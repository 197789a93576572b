import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../api/config.js';

type Env = Record<string, string | undefined>;

/** The ConfigError that loading `env` throws (fails the test if it loads). */
function problemWith(env: Env): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

describe('loadConfig', () => {
  it('has working defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({
      PORT: 8787,
      HOST: '127.0.0.1',
      DATABASE_URL: 'file:./data/parley.db',
      DATABASE_AUTH_TOKEN: undefined,
      DATABASE_SYNC_URL: undefined,
      DATABASE_SYNC_INTERVAL: undefined,
      PARLEY_ORG_NAME: 'My team',
      PARLEY_ADMIN_EMAIL: 'admin@parley.local',
      PARLEY_ADMIN_PASSWORD: undefined,
      PARLEY_SIGNUP_TOKEN: undefined,
      TOKEN_TTL_DAYS: 30,
      TRUST_PROXY: false,
      PARLEY_WEBHOOK_ALLOW_PRIVATE: false,
      PARLEY_WEBHOOK_TIMEOUT_MS: 15_000,
    });
  });

  it('ignores variables it does not know', () => {
    expect(loadConfig({ PATH: '/usr/bin', HOME: '/root' })).not.toHaveProperty('PATH');
  });

  it.each([
    'file:./data/parley.db',
    'file:/var/lib/parley/parley.db',
    ':memory:',
    'libsql://parley-team.turso.io',
    'http://127.0.0.1:8080',
    'https://db.example.com',
  ])('accepts DATABASE_URL=%s', (url) => {
    expect(loadConfig({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
  });

  it.each([
    'postgres://localhost/parley',
    './data/parley.db',
    'memory',
    'parley.db',
    '',
  ])('refuses DATABASE_URL=%j and names the variable', (url) => {
    expect(problemWith({ DATABASE_URL: url }).message).toContain('DATABASE_URL');
  });

  it('accepts an embedded replica: a file: DATABASE_URL with a remote DATABASE_SYNC_URL', () => {
    const config = loadConfig({ DATABASE_URL: 'file:replica.db', DATABASE_SYNC_URL: 'libsql://parley.turso.io', DATABASE_SYNC_INTERVAL: '60' });
    expect(config.DATABASE_SYNC_URL).toBe('libsql://parley.turso.io');
    expect(config.DATABASE_SYNC_INTERVAL).toBe(60);
  });

  it.each([':memory:', 'libsql://parley.turso.io', 'https://db.example.com'])(
    'refuses DATABASE_SYNC_URL unless DATABASE_URL is a file (DATABASE_URL=%s)',
    (url) => {
      const error = problemWith({ DATABASE_URL: url, DATABASE_SYNC_URL: 'libsql://parley.turso.io' });
      expect(error.message).toContain('DATABASE_URL');
      expect(error.message).toContain('DATABASE_SYNC_URL');
    },
  );

  it('refuses a DATABASE_SYNC_URL that is not remote', () => {
    expect(problemWith({ DATABASE_URL: 'file:a.db', DATABASE_SYNC_URL: 'file:b.db' }).message).toContain('DATABASE_SYNC_URL');
  });

  it.each<[string, Env, Partial<ReturnType<typeof loadConfig>>]>([
    ['PORT=0 asks for any free port', { PORT: '0' }, { PORT: 0 }],
    ['PORT is a number', { PORT: '3000' }, { PORT: 3000 }],
    ['TRUST_PROXY=true', { TRUST_PROXY: 'true' }, { TRUST_PROXY: true }],
    ['TRUST_PROXY=1', { TRUST_PROXY: '1' }, { TRUST_PROXY: true }],
    ['TRUST_PROXY=false', { TRUST_PROXY: 'false' }, { TRUST_PROXY: false }],
    ['TRUST_PROXY=0', { TRUST_PROXY: '0' }, { TRUST_PROXY: false }],
    ['TRUST_PROXY empty', { TRUST_PROXY: '' }, { TRUST_PROXY: false }],
    ['an empty signup token means none', { PARLEY_SIGNUP_TOKEN: '' }, { PARLEY_SIGNUP_TOKEN: undefined }],
    ['a blank signup token means none', { PARLEY_SIGNUP_TOKEN: '   ' }, { PARLEY_SIGNUP_TOKEN: undefined }],
    ['a long signup token', { PARLEY_SIGNUP_TOKEN: 'sixteen-chars-ok' }, { PARLEY_SIGNUP_TOKEN: 'sixteen-chars-ok' }],
    ['an empty admin password means generate one', { PARLEY_ADMIN_PASSWORD: '' }, { PARLEY_ADMIN_PASSWORD: undefined }],
    ['an admin password', { PARLEY_ADMIN_PASSWORD: 'ten chars!' }, { PARLEY_ADMIN_PASSWORD: 'ten chars!' }],
    ['the organisation name is trimmed', { PARLEY_ORG_NAME: '  Acme care  ' }, { PARLEY_ORG_NAME: 'Acme care' }],
    ['TOKEN_TTL_DAYS is a number', { TOKEN_TTL_DAYS: '7' }, { TOKEN_TTL_DAYS: 7 }],
    ['an empty auth token means none', { DATABASE_AUTH_TOKEN: '' }, { DATABASE_AUTH_TOKEN: undefined }],
  ])('reads %s', (_label, env, expected) => {
    expect(loadConfig(env)).toMatchObject(expected);
  });

  it.each<[string, Env]>([
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '65536' }],
    ['PORT', { PORT: '-1' }],
    ['PORT', { PORT: '80.5' }],
    ['HOST', { HOST: '' }],
    ['TRUST_PROXY', { TRUST_PROXY: 'yes' }],
    ['PARLEY_SIGNUP_TOKEN', { PARLEY_SIGNUP_TOKEN: 'too-short' }],
    ['PARLEY_ADMIN_PASSWORD', { PARLEY_ADMIN_PASSWORD: 'short' }],
    ['PARLEY_ADMIN_EMAIL', { PARLEY_ADMIN_EMAIL: 'not-an-email' }],
    ['PARLEY_ORG_NAME', { PARLEY_ORG_NAME: '   ' }],
    ['TOKEN_TTL_DAYS', { TOKEN_TTL_DAYS: '0' }],
    ['TOKEN_TTL_DAYS', { TOKEN_TTL_DAYS: '366' }],
    ['DATABASE_SYNC_INTERVAL', { DATABASE_URL: 'file:a.db', DATABASE_SYNC_URL: 'libsql://x.turso.io', DATABASE_SYNC_INTERVAL: '0' }],
  ])('names %s when its value is bad (%j)', (variable, env) => {
    const error = problemWith(env);
    expect(error.name).toBe('ConfigError');
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(new RegExp(`^${variable}: `));
    expect(error.message).toContain(variable);
  });

  it('reports every bad variable at once', () => {
    const error = problemWith({ PORT: 'x', TRUST_PROXY: 'maybe', PARLEY_ADMIN_EMAIL: 'nope' });
    expect(error.problems.map((problem) => problem.split(':')[0]).sort()).toEqual(['PARLEY_ADMIN_EMAIL', 'PORT', 'TRUST_PROXY']);
  });

  it('never echoes a secret back in its message', () => {
    const error = problemWith({ PARLEY_SIGNUP_TOKEN: 'sekrit-123', PARLEY_ADMIN_PASSWORD: 'pw-abc' });
    expect(error.message).not.toContain('sekrit-123');
    expect(error.message).not.toContain('pw-abc');
  });
});
