/**
 * Everything on the wire, as zod schemas: the API validates with them, the extension parses with
 * them, and the OpenAPI document is generated from them. Pure — no Node or server imports.
 */
export * from './contract/resources.js';
export * from './contract/sync.js';
export * from './contract/settings.js';
export * from './contract/webhooks.js';
export * from './contract/audit.js';
export * from './contract/metrics.js';
