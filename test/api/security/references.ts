/**
 * The places in each route's input that name an object: every path parameter, and every query
 * parameter or body field (at any depth, in every sync mutation) that is a UUID or is named like
 * an id, a handle or a post's external id. The cross-organisation matrix must have a rule for each.
 */
import type { Route, Schema } from './routes.js';
import { routeName } from './routes.js';

export interface Slot {
  route: Route;
  /** `PATCH /cases/{id} path.id`, `POST /sync/push body.mutations[addNote].args.caseId`. */
  key: string;
  place: 'path' | 'query' | 'body';
  /** Where the value goes inside that place; array items are the first item. */
  pointer: (string | number)[];
  /** The sync mutation the slot is in, if any. */
  branch?: string;
}

const referenceName = /^(id|\w*Ids?|handle|externalIds?)$/;
const isReference = (name: string, schema: Schema) => referenceName.test(name) || schema.format === 'uuid';

/** The one-value enum every branch of a discriminated union has (a mutation's `name`). */
function discriminator(branches: Schema[]): string | undefined {
  return Object.keys(branches[0]?.properties ?? {}).find((key) => branches.every((branch) => branch.properties?.[key]?.enum?.length === 1));
}

type Found = { pointer: (string | number)[]; branch?: string; label: string };

function walk(schema: Schema, label: string, pointer: (string | number)[], found: Found[], branch?: string): void {
  const branches = schema.oneOf ?? schema.anyOf;
  if (branches) {
    const tag = discriminator(branches);
    for (const option of branches) {
      const name = tag ? String(option.properties![tag]!.enum![0]) : undefined;
      walk(option, name ? `${label.replace(/\[\]$/, '')}[${name}]` : label, pointer, found, name ?? branch);
    }
    return;
  }
  if (schema.items) walk(schema.items, `${label}[]`, [...pointer, 0], found, branch);
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    const path = `${label}.${key}`;
    if (isReference(key, property) && !property.properties && !property.items) found.push({ pointer: [...pointer, key], branch, label: path });
    walk(property, path, [...pointer, key], found, branch);
  }
}

export function referenceSlots(routes: Route[]): Slot[] {
  const slots: Slot[] = [];
  for (const route of routes) {
    for (const param of route.params) {
      if (param.in === 'header') continue;
      if (param.in === 'path' || isReference(param.name, param.schema)) {
        slots.push({ route, key: `${routeName(route)} ${param.in}.${param.name}`, place: param.in, pointer: [param.name] });
      }
    }
    if (route.body) {
      const found: Found[] = [];
      walk(route.body, 'body', [], found);
      for (const { pointer, branch, label } of found) slots.push({ route, key: `${routeName(route)} ${label}`, place: 'body', pointer, branch });
    }
  }
  return slots;
}

/** Sets `value` at `pointer` inside `target` (which the request builders made fresh). */
export function setAt(target: Record<string, unknown>, pointer: (string | number)[], value: unknown): void {
  let node: Record<string | number, unknown> = target;
  for (const step of pointer.slice(0, -1)) {
    if (node[step] === undefined || node[step] === null) throw new Error(`the base request has nothing at ${pointer.join('.')}`);
    node = node[step] as Record<string | number, unknown>;
  }
  node[pointer.at(-1)!] = value;
}
