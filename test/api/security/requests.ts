/**
 * Requests that are wrong by construction, for any route of the document: each carries at least
 * one fault (named in `fault`) for which 4xx is the only right answer; the rest is plausible and
 * hostile noise.
 */
import fc from 'fast-check';
import { MAX_BODY_BYTES } from '../../../api/app.js';
import { routeFor, type Param, type Route } from './routes.js';
import { encodePart, hostile, json, plausible, violating, violatingParam } from './values.js';

export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array<ArrayBuffer>;
  fault: string;
}

export interface Credentials {
  /** A signed-in admin of organisation a. */
  token: string;
  /** A token that was signed out. */
  revokedToken: string;
  /** What POST /orgs needs. */
  signupToken: string;
  /** Real ids of organisation a's objects, so faults also land on things that exist. */
  realIds: string[];
  /** The password every test agent has: a semantic fault never sends it. */
  password: string;
}

type Parts = { pathParams: Record<string, unknown>; query: Record<string, unknown>; headers: Record<string, string>; body: unknown };

const headerSafe = (value: string) => /^[\t\x20-\x7e]*$/.test(value);
const headerText = fc.oneof(fc.constantFrom(...hostile.filter(headerSafe)), fc.string({ maxLength: 40, unit: 'binary-ascii' }).filter(headerSafe));

/** Headers any client might send that must not change what the API decides. */
const noiseHeaders = fc.record({
  'x-forwarded-for': fc.oneof(fc.ipV4(), headerText),
  origin: fc.constantFrom('https://x.com', 'https://evil.example', 'null', 'chrome-extension://abcdefghijklmnop'),
  cookie: headerText,
  'x-http-method-override': fc.constantFrom('GET', 'DELETE', 'PATCH'),
  'x-org-id': fc.uuid(),
}, { requiredKeys: [] });

const badAuthorization = (credentials: Credentials) => fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('Bearer', 'Bearer ', 'Basic dXNlcjpwYXNzd29yZA==', 'Token abc', 'Bearer null', 'Bearer undefined'),
  fc.constant(`Bearer ${credentials.revokedToken}`),
  fc.constant(`Bearer ${credentials.token}x`),
  fc.constant(`Bearer ${credentials.token.slice(0, -1)}`),
  fc.constant(`Bearer ${credentials.token} ${credentials.token}`),
  fc.constant(`Bearer ${'A'.repeat(8000)}`),
  fc.stringMatching(/^[A-Za-z0-9_-]{20,200}$/).map((token) => `Bearer ${token}`),
  headerText.map((value) => `Bearer ${value}`),
);

function plausibleParts(route: Route, credentials: Credentials): fc.Arbitrary<Parts> {
  const byPlace = (place: Param['in']) => route.params.filter((param) => param.in === place);
  const values = (params: Param[], idsToo: boolean) => fc.record(Object.fromEntries(params.map((param) => [
    param.name,
    idsToo && param.schema.format === 'uuid' && credentials.realIds.length > 0
      ? fc.oneof(fc.constantFrom(...credentials.realIds), plausible(param.schema))
      : plausible(param.schema),
  ])), { requiredKeys: params.filter((param) => param.required).map((param) => param.name) });
  return fc.record({
    pathParams: values(byPlace('path'), true),
    query: values(byPlace('query'), true),
    headers: fc.tuple(values(byPlace('header'), false), noiseHeaders).map(([declared, noise]) => ({
      ...noise, ...Object.fromEntries(Object.entries(declared).map(([key, value]) => [key, String(value)]).filter(([, value]) => headerSafe(value!))),
    })),
    body: route.body ? plausible(route.body) : fc.constant(undefined),
  });
}

function pathOf(route: Route, params: Record<string, unknown>): string {
  return route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodePart(params[name] ?? ''));
}

function queryOf(query: Record<string, unknown>): string {
  const pairs = Object.entries(query).filter(([, value]) => value !== undefined).map(([key, value]) => `${encodePart(key)}=${encodePart(value)}`);
  return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}

function assemble(route: Route, parts: Parts, fault: string, credentials: Credentials, overrides: Partial<FuzzRequest> = {}): FuzzRequest {
  const headers: Record<string, string> = { ...parts.headers };
  if (route.secured) headers.authorization = `Bearer ${credentials.token}`;
  if (route.path === '/orgs') headers['x-signup-token'] ??= credentials.signupToken;
  let body: string | undefined;
  if (route.body && parts.body !== undefined && route.method !== 'GET') {
    body = json(parts.body);
    headers['content-type'] = 'application/json';
  }
  return { method: route.method, path: pathOf(route, parts.pathParams) + queryOf(parts.query), headers, body, fault, ...overrides };
}

/** The path a URL parser makes of it (dot segments resolved), as the app will see it. */
const normalised = (path: string) => new URL(path, 'http://parley.test').pathname;

/** Faults that need to know what the route means, for routes whose every input can be valid. */
function semanticFaults(route: Route, credentials: Credentials, parts: fc.Arbitrary<Parts>): fc.Arbitrary<FuzzRequest>[] {
  const name = `${route.method} ${route.path}`;
  const notThePassword = fc.string({ minLength: 10, maxLength: 40 }).filter((value) => value !== credentials.password);
  if (name === 'POST /auth/login') {
    return [fc.tuple(parts, fc.emailAddress(), notThePassword).map(([p, email, password]) =>
      assemble(route, { ...p, body: { email: `nobody.${email}`, password } }, 'credentials of nobody', credentials))];
  }
  if (name === 'POST /auth/password') {
    return [fc.tuple(parts, notThePassword, notThePassword).map(([p, currentPassword, newPassword]) =>
      assemble(route, { ...p, body: { currentPassword, newPassword } }, 'a wrong current password', credentials))];
  }
  if (name === 'POST /orgs') {
    return [fc.tuple(parts, fc.option(fc.string({ maxLength: 60, unit: 'binary-ascii' }).filter((value) => headerSafe(value) && value !== credentials.signupToken)))
      .map(([p, token]) => {
        const request = assemble(route, p, 'a missing or wrong signup token', credentials);
        if (token === null) delete request.headers['x-signup-token'];
        else request.headers['x-signup-token'] = token;
        return request;
      })];
  }
  return [];
}

/** Every kind of wrong request that applies to `route`. */
export function faultyRequests(route: Route, routes: Route[], credentials: Credentials): fc.Arbitrary<FuzzRequest> {
  const parts = plausibleParts(route, credentials);
  const faults: fc.Arbitrary<FuzzRequest>[] = [];
  const hasBody = route.body !== undefined;

  // A method the path does not have: 404 whoever asks. (HEAD is GET's, so it is never one.)
  const otherMethods = ['GET', 'POST', 'PATCH', 'DELETE', 'PUT'].filter((method) => !routes.some((other) => other.path === route.path && other.method === method));
  faults.push(fc.tuple(parts, fc.constantFrom(...otherMethods)).map(([p, method]) => {
    const request = assemble(route, p, `method ${method}`, credentials, { method });
    if (method === 'GET') delete request.body;
    return request;
  }));

  if (route.secured) {
    faults.push(fc.tuple(parts, badAuthorization(credentials)).map(([p, authorization]) => {
      const request = assemble(route, p, 'a bad Authorization header', credentials);
      if (authorization === undefined) delete request.headers.authorization;
      else request.headers.authorization = authorization;
      return request;
    }));
  }

  for (const param of route.params) {
    if (param.in === 'header') {
      if (param.schema.maxLength !== undefined) {
        faults.push(fc.tuple(parts, fc.integer({ min: 1, max: 2000 })).map(([p, extra]) =>
          assemble(route, { ...p, headers: { ...p.headers, [param.name]: 'h'.repeat(param.schema.maxLength! + extra) } }, `header ${param.name} too long`, credentials)));
      }
      continue;
    }
    const bad = violatingParam(param.schema, param.in);
    if (bad) {
      faults.push(fc.tuple(parts, bad).map(([p, violation]) => {
        const place = param.in === 'path' ? 'pathParams' : 'query';
        return assemble(route, { ...p, [place]: { ...p[place], [param.name]: violation.value } }, `${param.in} ${param.name}: ${violation.why}`, credentials);
      }).filter((request) => {
        // A dot segment is resolved away: what is left must reach no route at all.
        const path = request.path.split('?')[0]!;
        return normalised(path) === path || routeFor(routes, request.method, normalised(path)) === undefined;
      }));
    }
    if (param.in === 'path' && param.schema.format === 'uuid') {
      // Well formed, but nothing of the caller's has this id.
      faults.push(fc.tuple(parts, fc.uuid({ version: 4 })).map(([p, id]) =>
        assemble(route, { ...p, pathParams: { ...p.pathParams, [param.name]: id } }, `path ${param.name}: no such object`, credentials)));
    }
    if (param.in === 'query' && param.required) {
      faults.push(parts.map((p) => {
        const { [param.name]: _left, ...query } = p.query;
        return assemble(route, { ...p, query }, `query without ${param.name}`, credentials);
      }));
    }
  }

  if (hasBody) faults.push(...bodyFaults(route, credentials, parts));
  faults.push(...semanticFaults(route, credentials, parts));
  return fc.oneof(...faults);
}

function bodyFaults(route: Route, credentials: Credentials, parts: fc.Arbitrary<Parts>): fc.Arbitrary<FuzzRequest>[] {
  const faults: fc.Arbitrary<FuzzRequest>[] = [];
  const schemaBreak = violating(route.body!);
  if (schemaBreak) {
    faults.push(fc.tuple(parts, schemaBreak).map(([p, bad]) => assemble(route, { ...p, body: bad.value }, `body ${bad.why}`, credentials)));
  }
  // Not JSON at all: a strict prefix of an object's text never closes it.
  faults.push(fc.tuple(parts, fc.nat(), fc.constantFrom('cut', 'garbage', 'quotes', 'literal')).map(([p, at, kind]) => {
    const request = assemble(route, p, `malformed JSON (${kind})`, credentials);
    const textBody = json(p.body ?? {});
    request.headers['content-type'] = 'application/json';
    request.body = {
      cut: textBody.slice(0, at % textBody.length),
      garbage: `${textBody} !!`,
      quotes: textBody.replaceAll('"', "'") === textBody ? "{'a': 1}" : textBody.replaceAll('"', "'"),
      literal: `{"value": NaN, ${textBody.slice(1)}`,
    }[kind];
    return request;
  }));
  faults.push(fc.tuple(parts, fc.constantFrom(undefined, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/jsonx', 'text/html'))
    .map(([p, contentType]) => {
      const request = assemble(route, p, `content-type ${contentType ?? 'missing'}`, credentials);
      request.body = json(p.body ?? {});
      if (contentType === undefined) delete request.headers['content-type'];
      else request.headers['content-type'] = contentType;
      return request;
    }));
  faults.push(fc.tuple(parts, fc.constantFrom('[]', '"text"', '42', 'null', 'true', '[{}]')).map(([p, bodyText]) =>
    assemble(route, p, `a ${bodyText} body`, credentials, { body: bodyText })));
  // Invalid UTF-8 inside a string: overlong, a surrogate's bytes, a lone continuation, 0xFF.
  faults.push(fc.tuple(parts, fc.constantFrom([0xc0, 0xaf], [0xed, 0xa0, 0x80], [0x80], [0xff], [0xc3])).map(([p, bytes]) => {
    const request = assemble(route, p, 'invalid UTF-8 in the body', credentials);
    const prefix = new TextEncoder().encode('{"fuzz":"');
    const rest = new TextEncoder().encode(`", ${json(p.body ?? {}).slice(1)}`.replace(/, }$/, '}'));
    request.body = new Uint8Array([...prefix, ...bytes, ...rest]);
    request.headers['content-type'] = 'application/json';
    return request;
  }));
  // Nesting no field takes, deep enough to exhaust a recursive walker's stack.
  faults.push(fc.tuple(parts, fc.integer({ min: 1000, max: 40_000 })).map(([p, depth]) => {
    const request = assemble(route, p, `nested ${depth} deep`, credentials);
    request.body = `{"fuzz":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    request.headers['content-type'] = 'application/json';
    return request;
  }));
  faults.push(fc.tuple(parts, fc.integer({ min: 1, max: 64 * 1024 })).map(([p, extra]) => {
    const request = assemble(route, p, 'a body over 1 MB', credentials);
    request.body = json({ ...(p.body as object), fuzz: 'x'.repeat(MAX_BODY_BYTES + extra) });
    request.headers['content-type'] = 'application/json';
    return request;
  }));
  return faults;
}
