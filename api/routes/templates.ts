import { and, asc, eq } from 'drizzle-orm';
import { CreateTemplateBody, IdParam, TemplateList, TemplateResponse, UpdateTemplateBody } from '../contract.js';
import { requireAuth } from '../auth/middleware.js';
import { renderTemplate, templateVariables } from '../domain/templates.js';
import { diff } from '../db/audit.js';
import { recordChanges } from '../db/changes.js';
import { newId } from '../db/ids.js';
import { templates } from '../db/schema.js';
import { toTemplate } from '../db/wire.js';
import { ApiError, createRoute, errors, json, jsonBody, notFound, router } from '../http.js';

const security = [{ bearer: [] }];
const middleware = [requireAuth];
const tags = ['Templates'];
const templateFields = ['title', 'body', 'tags', 'examples'] as const;
const variablesNote = `Variables: ${templateVariables.map((name) => `{{${name}}}`).join(', ')}`;

/** A body that could not render with every variable filled would never render: refuse it now. */
function assertRenderable(body: string): void {
  const sample = Object.fromEntries(templateVariables.map((name) => [name, 'x']));
  const result = renderTemplate(body, sample);
  if (!result.ok) {
    throw new ApiError(422, 'invalid_template', `Unknown or malformed variables: ${result.missing.join(', ')}. ${variablesNote}`);
  }
}

const list = createRoute({
  method: 'get', path: '/templates', tags, security, middleware, summary: 'The organisation\'s reply templates',
  responses: { 200: json(TemplateList, 'Templates'), ...errors(401) },
});
const create = createRoute({
  method: 'post', path: '/templates', tags, security, middleware, summary: `Add a reply template. ${variablesNote}`,
  request: jsonBody(CreateTemplateBody),
  responses: { 201: json(TemplateResponse, 'Created'), ...errors(400, 401, 422) },
});
const update = createRoute({
  method: 'patch', path: '/templates/{id}', tags, security, middleware, summary: 'Edit a reply template',
  request: { params: IdParam, ...jsonBody(UpdateTemplateBody) },
  responses: { 200: json(TemplateResponse, 'Updated'), ...errors(400, 401, 404, 422) },
});
const remove = createRoute({
  method: 'delete', path: '/templates/{id}', tags, security, middleware, summary: 'Delete a reply template',
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, ...errors(400, 401, 404) },
});

export const templateRoutes = router()
  .openapi(list, async (c) => {
    const { db, auth } = c.var;
    const rows = await db.read.select().from(templates).where(eq(templates.orgId, auth.orgId)).orderBy(asc(templates.title));
    return c.json({ templates: rows.map(toTemplate) }, 200);
  })
  .openapi(create, async (c) => {
    const { db, auth } = c.var;
    const body = c.req.valid('json');
    assertRenderable(body.body);
    const now = new Date();
    const row = await db.tx(async (tx) => {
      const [inserted] = await tx
        .insert(templates)
        .values({ id: newId(), orgId: auth.orgId, title: body.title, body: body.body, tags: body.tags ?? [], examples: body.examples ?? [], createdAt: now, updatedAt: now })
        .returning();
      await recordChanges(tx, auth, [{ entity: 'template', id: inserted!.id }], now, [
        { action: 'template.created', entity: 'template', entityId: inserted!.id, changes: diff(null, inserted!, templateFields) },
      ]);
      return inserted!;
    });
    return c.json({ template: toTemplate(row) }, 201);
  })
  .openapi(update, async (c) => {
    const { db, auth } = c.var;
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    if (body.body !== undefined) assertRenderable(body.body);
    const now = new Date();
    const row = await db.tx(async (tx) => {
      const [current] = await tx.select().from(templates).where(and(eq(templates.id, id), eq(templates.orgId, auth.orgId))).limit(1);
      if (!current) throw notFound('Template');
      const [updated] = await tx
        .update(templates)
        .set({ ...body, updatedAt: now })
        .where(eq(templates.id, id))
        .returning();
      await recordChanges(tx, auth, [{ entity: 'template', id }], now, [
        { action: 'template.updated', entity: 'template', entityId: id, changes: diff(current, updated!, templateFields) },
      ]);
      return updated!;
    });
    return c.json({ template: toTemplate(row) }, 200);
  })
  .openapi(remove, async (c) => {
    const { db, auth } = c.var;
    const { id } = c.req.valid('param');
    const now = new Date();
    await db.tx(async (tx) => {
      const [deleted] = await tx.delete(templates).where(and(eq(templates.id, id), eq(templates.orgId, auth.orgId))).returning();
      if (!deleted) throw notFound('Template');
      await recordChanges(tx, auth, [{ entity: 'template', id, op: 'delete' }], now, [
        { action: 'template.deleted', entity: 'template', entityId: id, changes: diff(deleted, null, templateFields) },
      ]);
    });
    return c.body(null, 204);
  });
