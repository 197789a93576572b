import { z } from 'zod';

const databaseUrl = z
  .string()
  .refine(
    (url) => url === ':memory:' || /^(file:|libsql:\/\/|https?:\/\/|wss?:\/\/)/.test(url),
    'must be file:…, :memory:, libsql://…, http(s)://… or ws(s)://…',
  );

const optionalNonEmpty = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value));

const flag = z
  .enum(['true', 'false', '1', '0', ''])
  .default('false')
  .transform((value) => value === 'true' || value === '1');

const envSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(8787),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATABASE_URL: databaseUrl.default('file:./data/parley.db'),
    DATABASE_AUTH_TOKEN: optionalNonEmpty,
    DATABASE_SYNC_URL: optionalNonEmpty.pipe(
      z.string().regex(/^(libsql:\/\/|https?:\/\/)/, 'must be libsql://… or http(s)://…').optional(),
    ),
    DATABASE_SYNC_INTERVAL: z.coerce.number().int().positive().optional(),
    PARLEY_ORG_NAME: z.string().trim().min(1).max(200).default('My team'),
    PARLEY_ADMIN_EMAIL: z.email().default('admin@parley.local'),
    PARLEY_ADMIN_PASSWORD: optionalNonEmpty.pipe(z.string().min(10, 'must be at least 10 characters').optional()),
    PARLEY_SIGNUP_TOKEN: optionalNonEmpty.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
    TOKEN_TTL_DAYS: z.coerce.number().int().positive().max(365).default(30),
    TRUST_PROXY: flag,
    // Development and tests only: webhooks may then go to http and to private or loopback addresses.
    PARLEY_WEBHOOK_ALLOW_PRIVATE: flag,
    // How long a webhook receiver has to answer; 15 s, and only ever lowered (tests).
    PARLEY_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(15_000).default(15_000),
  })
  .superRefine((env, ctx) => {
    if (env.DATABASE_SYNC_URL && !env.DATABASE_URL.startsWith('file:')) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_URL'],
        message: 'an embedded replica (DATABASE_SYNC_URL) needs a file: DATABASE_URL',
      });
    }
  });

export type Config = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; a bad value names its variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`),
    );
  }
  return parsed.data;
}
