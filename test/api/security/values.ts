/**
 * Values from a route's JSON Schema: `plausible` ones (close to valid, full of hostile strings) to
 * fill the parts of a request that are not under test, and `violating` ones that no value of the
 * schema can equal, so the request carrying one is invalid by construction.
 */
import fc from 'fast-check';
import type { Schema } from './routes.js';

/** Strings that have broken parsers, query builders and templates elsewhere. */
export const hostile = [
  "' OR '1'='1", "'; DROP TABLE cases; --", '" OR ""="', "1; SELECT * FROM tokens", "%' UNION SELECT token_hash FROM tokens --",
  '{"$gt": ""}', '{"__proto__": {"admin": true}}', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty',
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '{{constructor.constructor("return process")()}}', '${7*7}',
  '../../../../etc/passwd', '..%2F..%2Fetc', '\\', '\u202e\u0644', '🙂'.repeat(3), 'ZWJ\u200d\u200d', '\r\nX-Injected: 1',
  'NaN', 'Infinity', '-0', '1e309', '0x1F', 'null', 'undefined', 'true', '[]', '{}', ' ', '',
];

const loneSurrogates = ['\ud800', '\udfff', 'a\udc00b', '\ud83d'];

export const json = (value: unknown) => JSON.stringify(value);
const typeNames = (schema: Schema): string[] => (Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : []);

/** An own, enumerable property even for `__proto__`, so it reaches the wire as a key. */
export function withKey(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
  return target;
}

const text = (maxLength = 40) => fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength, unit: 'grapheme' }) },
  { weight: 2, arbitrary: fc.constantFrom(...hostile) },
  { weight: 1, arbitrary: fc.string({ maxLength, unit: 'binary' }) },
);

/** Close to valid: right types and shapes, with hostile strings where strings go. */
export function plausible(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  if (schema.oneOf ?? schema.anyOf) return fc.oneof(...(schema.oneOf ?? schema.anyOf)!.map((branch) => plausible(branch, depth)));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const types = typeNames(schema);
  if (types.length > 1) return fc.oneof(...types.map((type) => plausible({ ...schema, type }, depth)));
  switch (types[0]) {
    case 'string': return plausibleString(schema);
    case 'integer': return fc.integer({ min: schema.minimum ?? (schema.exclusiveMinimum ?? -1e6) + 1, max: Math.min(schema.maximum ?? 1e6, 2 ** 31) });
    case 'number': return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case 'boolean': return fc.boolean();
    case 'null': return fc.constant(null);
    case 'array': return depth > 4 ? fc.constant([]) : fc.array(plausible(schema.items ?? {}, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, 3) });
    case 'object': {
      if (depth > 4) return fc.constant({});
      const shape = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, value]) => [key, plausible(value, depth + 1)]));
      return fc.record(shape, { requiredKeys: schema.required ?? [] });
    }
    default: return fc.jsonValue({ maxDepth: 2 });
  }
}

function plausibleString(schema: Schema): fc.Arbitrary<string> {
  switch (schema.format) {
    case 'uuid': return fc.uuid();
    case 'email': return fc.emailAddress();
    case 'uri': return fc.oneof(fc.webUrl({ validSchemes: ['https'] }), fc.constant('https://x.com/jane_doe/status/1'));
    case 'date-time': return fc.date({ min: new Date('2004-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((date) => date.toISOString());
  }
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
  const max = Math.min(schema.maxLength ?? 60, 60);
  return text(max).filter((value) => value.length >= (schema.minLength ?? 0) && value.length <= max);
}

export interface Violation {
  value: unknown;
  why: string;
}

const violation = (arbitrary: fc.Arbitrary<unknown>, why: string) => arbitrary.map((value): Violation => ({ value, why }));

/** A JSON value whose type the schema does not allow, NaN-like and deeply nested ones included. */
function wrongType(schema: Schema): fc.Arbitrary<Violation> | undefined {
  const allowed = new Set(typeNames(schema));
  if (allowed.has('integer')) allowed.add('number');
  const candidates: [string, fc.Arbitrary<unknown>][] = [
    ['string', fc.constantFrom('NaN', '1', 'true', 'null', '', '0x10', ...hostile)],
    ['number', fc.constantFrom(0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2)],
    ['boolean', fc.boolean()],
    ['null', fc.constant(null)],
    ['array', fc.oneof(fc.constant([]), fc.array(fc.jsonValue({ maxDepth: 1 }), { minLength: 1, maxLength: 3 }), fc.integer({ min: 50, max: 500 }).map(nested))],
    ['object', fc.oneof(fc.constant({}), fc.constant(JSON.parse('{"__proto__": {"admin": true}}')), fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 })))],
  ];
  const wrong = candidates.filter(([type]) => !allowed.has(type) && !(type === 'string' && schema.enum?.some((value) => typeof value === 'string')));
  if (allowed.size === 0 || wrong.length === 0) return undefined;
  return fc.oneof(...wrong.map(([type, arbitrary]) => violation(arbitrary, `a ${type} where ${[...allowed].join(' or ')} goes`)));
}

/** An array nested `depth` deep: no field here takes one, and recursive code has fallen over on them. */
export function nested(depth: number): unknown {
  let value: unknown = [];
  for (let level = 1; level < depth; level++) value = [value];
  return value;
}

// Whatever the rest of the string, it is not one of these formats.
const notUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const formatBreakers: Record<string, { arbitrary: fc.Arbitrary<string>; valid: (value: string) => boolean }> = {
  uuid: {
    arbitrary: fc.oneof(text(50), fc.uuid().map((id) => `${id}0`), fc.uuid().map((id) => `{${id}}`), fc.uuid().map((id) => id.replaceAll('-', '')), fc.constantFrom('0190a000-0000-7000-8000-00000000000g', '0'.repeat(36))),
    valid: (value) => notUuid.test(value),
  },
  email: { arbitrary: fc.oneof(text(50), fc.emailAddress().map((address) => address.replace('@', ' at '))), valid: (value) => value.includes('@') },
  uri: {
    arbitrary: fc.oneof(text(50), fc.constantFrom('javascript:alert(1)', 'http://x.com/a/status/1', 'file:///etc/passwd', 'data:text/html,<script>alert(1)</script>', '//x.com/a', 'x.com/a')),
    valid: (value) => /^https:/i.test(value),
  },
  'date-time': {
    arbitrary: fc.oneof(text(30), fc.constantFrom('2026-11-20', '20/11/2026 10:00', 'yesterday', '1e3', 'T10:00:00Z', ' 2026-11-20T10:00:00Z')),
    valid: (value) => /^\d{4}-\d{2}-\d{2}T/.test(value),
  },
};

function violatingString(schema: Schema): fc.Arbitrary<Violation>[] {
  const found: fc.Arbitrary<Violation>[] = [];
  // Padding without spaces: a trimmed field must still be too long after trimming.
  if (schema.maxLength !== undefined) {
    found.push(violation(fc.tuple(fc.constantFrom(...hostile), fc.integer({ min: 1, max: 3 * schema.maxLength + 10 }))
      .map(([start, extra]) => `x${start}${'y'.repeat(schema.maxLength! + extra)}z`), `longer than ${schema.maxLength}`));
  }
  if (schema.minLength) found.push(violation(fc.constant('x'.repeat(schema.minLength - 1)), `shorter than ${schema.minLength}`));
  if (schema.enum) {
    const members = new Set(schema.enum);
    found.push(violation(fc.oneof(text(20), fc.constantFrom(...schema.enum.map((value) => String(value).toUpperCase()), ...schema.enum.map((value) => ` ${String(value)}`)))
      .filter((value) => !members.has(value)), 'not one of its values'));
  }
  const breaker = schema.format ? formatBreakers[schema.format] : undefined;
  if (breaker) found.push(violation(breaker.arbitrary.filter((value) => !breaker.valid(value)), `not a ${schema.format}`));
  if (schema.pattern) {
    const pattern = new RegExp(schema.pattern);
    found.push(violation(text(50).filter((value) => !pattern.test(value)), `not matching ${schema.pattern}`));
  }
  return found;
}

function violatingNumber(schema: Schema, integer: boolean): fc.Arbitrary<Violation>[] {
  const found: fc.Arbitrary<Violation>[] = [];
  if (integer) found.push(violation(fc.constantFrom(1.5, 0.1, -2.5, 2 ** 53 + 2, -(2 ** 53) - 2), 'not a safe integer'));
  if (schema.maximum !== undefined) found.push(violation(fc.constantFrom(schema.maximum + 1, schema.maximum * 10 + 1, 1e300), `above ${schema.maximum}`));
  if (schema.minimum !== undefined) found.push(violation(fc.constantFrom(schema.minimum - 1, -1e300, -(2 ** 31)), `below ${schema.minimum}`));
  if (schema.exclusiveMinimum !== undefined) found.push(violation(fc.constantFrom(schema.exclusiveMinimum, schema.exclusiveMinimum - 1), `not above ${schema.exclusiveMinimum}`));
  return found;
}

function violatingObject(schema: Schema, depth: number): fc.Arbitrary<Violation>[] {
  const found: fc.Arbitrary<Violation>[] = [];
  const properties = Object.entries(schema.properties ?? {});
  // A nullable object's plausible value may be null: the violations below are of the object.
  const base = (plausible(schema, depth) as fc.Arbitrary<Record<string, unknown> | null>)
    .filter((value): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value));
  for (const key of schema.required ?? []) {
    found.push(base.map((value): Violation => {
      const { [key]: _dropped, ...rest } = value;
      return { value: rest, why: `without required ${key}` };
    }));
  }
  if (schema.additionalProperties === false) {
    const known = new Set(properties.map(([key]) => key));
    const extraKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', '$where', 'orgId', 'org_id', 'role', 'isAdmin', ''), fc.string({ maxLength: 10 }))
      .filter((key) => !known.has(key));
    found.push(fc.tuple(base, extraKey, fc.jsonValue({ maxDepth: 2 })).map(([value, key, extra]) => ({
      value: withKey({ ...value }, key, key === '__proto__' ? { admin: true, role: 'admin' } : extra),
      why: `with an unknown key ${JSON.stringify(key)}`,
    })));
  }
  for (const [key, propertySchema] of properties) {
    const inner = violating(propertySchema, depth + 1);
    if (!inner) continue;
    found.push(fc.tuple(base, inner).map(([value, bad]) => ({ value: withKey({ ...value }, key, bad.value), why: `${key}: ${bad.why}` })));
  }
  return found;
}

/** One branch per discriminated mutation: a value breaking it stays on that branch. */
function violatingUnion(schema: Schema, depth: number): fc.Arbitrary<Violation>[] {
  const branches = schema.oneOf ?? schema.anyOf ?? [];
  const discriminators = Object.keys(branches[0]?.properties ?? {}).filter((key) =>
    branches.every((branch) => branch.properties?.[key]?.enum?.length === 1));
  const found: fc.Arbitrary<Violation>[] = [];
  if (branches.length > 0 && discriminators.length > 0 && branches.every((branch) => branch.additionalProperties === false)) {
    for (const branch of branches) {
      // Breaking a discriminator could land on another branch: keep it, break the rest.
      const fixed: Schema = {
        ...branch,
        properties: Object.fromEntries(Object.entries(branch.properties ?? {}).filter(([key]) => !discriminators.includes(key))),
        required: branch.required?.filter((key) => !discriminators.includes(key)),
      };
      const kept = Object.fromEntries(discriminators.map((key) => [key, branch.properties![key]!.enum![0]]));
      const tag = discriminators.map((key) => String(kept[key])).join('/');
      for (const inner of violatingObject(fixed, depth)) {
        found.push(inner.map((bad) => ({ value: { ...(bad.value as object), ...kept }, why: `${tag}: ${bad.why}` })));
      }
    }
    const members = new Set(branches.flatMap((branch) => discriminators.map((key) => branch.properties![key]!.enum![0])));
    found.push(fc.tuple(fc.constantFrom(...branches), text(20).filter((value) => !members.has(value))).chain(([branch, name]) =>
      (plausible(branch, depth) as fc.Arbitrary<Record<string, unknown>>).map((value) => ({ value: { ...value, [discriminators[0]!]: name }, why: `unknown ${discriminators[0]}` }))));
  }
  return found;
}

/** A value no instance of `schema` can be, or undefined when the schema admits anything. */
export function violating(schema: Schema, depth = 0): fc.Arbitrary<Violation> | undefined {
  const found: fc.Arbitrary<Violation>[] = [];
  const wrong = schema.oneOf || schema.anyOf ? wrongType({ type: 'object' }) : wrongType(schema);
  if (wrong) found.push(wrong);
  if (schema.oneOf ?? schema.anyOf) found.push(...violatingUnion(schema, depth));
  const types = typeNames(schema);
  if (types.includes('string')) found.push(...violatingString(schema));
  if (types.includes('integer') || types.includes('number')) found.push(...violatingNumber(schema, types.includes('integer')));
  if (types.includes('array')) {
    if (schema.maxItems !== undefined) found.push(violation(fc.array(plausible(schema.items ?? {}, depth + 1), { minLength: schema.maxItems + 1, maxLength: schema.maxItems + 3 }), `more than ${schema.maxItems} items`));
    if (schema.minItems) found.push(violation(fc.constant([]), `fewer than ${schema.minItems} items`));
    const item = schema.items && depth < 6 ? violating(schema.items, depth + 1) : undefined;
    if (item) {
      found.push(fc.tuple(fc.array(plausible(schema.items!, depth + 1), { maxLength: 2 }), item, fc.nat()).map(([items, bad, at]) => {
        const copy = [...items];
        copy.splice(at % (copy.length + 1), 0, bad.value);
        return { value: copy, why: `an item ${bad.why}` };
      }));
    }
  }
  if (types.includes('object') && depth < 6) found.push(...violatingObject(schema, depth));
  // The API's rule for every text (api/textGuard.ts): no NUL, no lone surrogate.
  if (types.includes('string') || types.length === 0) {
    found.push(violation(fc.tuple(text(10), fc.constantFrom('\u0000', ...loneSurrogates)).map(([start, bad]) => `${start}${bad}`), 'a NUL or a lone surrogate'));
  }
  return found.length > 0 ? fc.oneof(...found) : undefined;
}

// Already encoded: dot segments, encoded slashes and backslashes, double encoding, matrix parameters.
const pathTricks = ['.', '..', '%2e', '%2E%2E', '.%2e', '%2F', 'a%2Fb', '..%2F..%2Fagents', '%2e%2e%2fagents', '%252e%252e', '%5C..%5Cagents', ';id=1', '%3Bx', '*', '%20', '%09'];

/** A query or path value (always a string on the wire) no instance of `schema` can be. */
export function violatingParam(schema: Schema, place: 'path' | 'query'): fc.Arbitrary<Violation> | undefined {
  const found: fc.Arbitrary<Violation>[] = [];
  if (place === 'path') found.push(violation(fc.constantFrom(...pathTricks).map((raw) => ({ raw })), 'a dot segment or an encoded separator'));
  const types = typeNames(schema);
  if (types.includes('string')) found.push(...violatingString(schema));
  if (types.includes('integer') || types.includes('number')) {
    // Query numbers are coerced with Number(): these are never a whole number in range.
    const bad = ['abc', 'NaN', 'Infinity', '-Infinity', '1.5', '1e999', '9'.repeat(40), '--1', '1,5', '½'];
    if (schema.minimum !== undefined) bad.push(String(schema.minimum - 1), '-99999999999');
    if (schema.maximum !== undefined) bad.push(String(schema.maximum + 1));
    if ((schema.minimum ?? 0) > 0) bad.push('', ' ', '0');
    found.push(violation(fc.constantFrom(...bad), 'not a whole number in range'));
  }
  if (types.includes('boolean')) found.push(violation(fc.constantFrom('yes', '2', 'TRUE '), 'not a boolean'));
  // Not UTF-8 once decoded, or a NUL: refused before any route reads the value.
  found.push(violation(fc.constantFrom('%00', '%ED%A0%80', '%C0%AF', '%E0%A4%A', '%', '%ZZ', '%FF').map((raw) => ({ raw })), 'bad percent-encoding or a NUL'));
  return found.length > 0 ? fc.oneof(...found) : undefined;
}

/** Percent-encodes a string for a path or query, writing a lone surrogate as the (invalid) UTF-8 of its code unit. */
export function encodePart(value: unknown): string {
  if (value && typeof value === 'object' && 'raw' in value) return String((value as { raw: string }).raw);
  const textValue = String(value);
  let out = '';
  for (let index = 0; index < textValue.length; index++) {
    const code = textValue.charCodeAt(index);
    const next = textValue.charCodeAt(index + 1);
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(textValue.slice(index, index + 2));
      index++;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((byte) => `%${byte.toString(16).toUpperCase()}`).join('');
    } else {
      out += encodeURIComponent(textValue[index]!);
    }
  }
  return out;
}
