/**
 * The route table as the running API publishes it (GET /openapi.json), with every `$ref` resolved,
 * so the fuzz and the cross-organisation matrix cover a new route without being edited.
 */
import { expect } from 'vitest';
import type { World } from '../harness.js';

/** The subset of JSON Schema that zod-openapi writes for this API. */
export interface Schema {
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  $ref?: string;
  default?: unknown;
}

export interface Param {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Schema;
}

export interface Route {
  method: string;
  /** As in the document: /cases/{id}. */
  path: string;
  secured: boolean;
  params: Param[];
  body?: Schema;
  /** Answers with a stream that never ends (server-sent events). */
  streams: boolean;
}

export const routeName = (route: Pick<Route, 'method' | 'path'>) => `${route.method} ${route.path}`;

// Served beside the API for people, not part of it: they take no input but the path.
const outsideTheDocument = ['GET /openapi.json', 'GET /docs', 'ALL /docs/*', /^GET \/docs\/[\w.-]+$/];

type Document = {
  paths: Record<string, Record<string, {
    security?: unknown[];
    parameters?: Param[];
    requestBody?: { content?: Record<string, { schema?: Schema }> };
    responses?: Record<string, { content?: Record<string, unknown> }>;
  }>>;
  components?: { schemas?: Record<string, Schema> };
};

function resolver(doc: Document) {
  const resolve = (schema: Schema, seen: string[] = []): Schema => {
    if (schema.$ref) {
      const name = schema.$ref.replace('#/components/schemas/', '');
      if (seen.includes(name)) throw new Error(`recursive schema ${name}: the generators cannot walk it`);
      const target = doc.components?.schemas?.[name];
      if (!target) throw new Error(`unresolved ${schema.$ref}`);
      return resolve(target, [...seen, name]);
    }
    const out: Schema = { ...schema };
    if (schema.items) out.items = resolve(schema.items, seen);
    if (schema.properties) out.properties = Object.fromEntries(Object.entries(schema.properties).map(([key, value]) => [key, resolve(value, seen)]));
    if (schema.oneOf) out.oneOf = schema.oneOf.map((branch) => resolve(branch, seen));
    if (schema.anyOf) out.anyOf = schema.anyOf.map((branch) => resolve(branch, seen));
    return out;
  };
  return resolve;
}

/** Every operation of the live document. */
export async function readRoutes(world: World): Promise<Route[]> {
  const reply = await world.call('GET', '/openapi.json');
  expect(reply.status).toBe(200);
  const doc = reply.body as Document;
  const resolve = resolver(doc);
  const routes: Route[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
      routes.push({
        method: method.toUpperCase(),
        path,
        secured: (operation.security ?? []).length > 0,
        params: (operation.parameters ?? []).map((param) => ({ ...param, required: Boolean(param.required), schema: resolve(param.schema ?? {}) })),
        body: bodySchema ? resolve(bodySchema) : undefined,
        streams: Object.values(operation.responses ?? {}).some((response) => Object.keys(response.content ?? {}).includes('text/event-stream')),
      });
    }
  }
  return routes;
}

/**
 * Every route the Hono app serves is in the document (or is one of the reference pages), so a
 * route added without its OpenAPI definition cannot hide from the fuzz and the matrix.
 */
export function expectEveryServedRouteDocumented(world: World, routes: Route[]): void {
  const documented = new Set(routes.map(routeName));
  const served = new Set(
    world.app.routes
      .filter((route) => !(route.method === 'ALL' && route.path === '/*')) // middleware
      .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`),
  );
  const missing = [...served].filter((name) => !documented.has(name)
    && !outsideTheDocument.some((allowed) => (typeof allowed === 'string' ? allowed === name : allowed.test(name))));
  expect(missing, 'routes the app serves that are missing from GET /openapi.json, so neither fuzzed nor matrixed').toEqual([]);
  expect(served.size).toBeGreaterThanOrEqual(routes.length);
}

/** The route a method and concrete path would reach, if any (how Hono matches them here). */
export function routeFor(routes: Route[], method: string, path: string): Route | undefined {
  return routes.find((route) => {
    if (route.method !== method) return false;
    const pattern = new RegExp(`^${route.path.replace(/\{\w+\}/g, '[^/]+')}$`);
    return pattern.test(path);
  });
}
