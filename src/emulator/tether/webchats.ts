/** `/api/webchats`: list, get, create, merge-update and delete, scoped to the caller's organization. */
import type { EmuEnv, EmuResponse, RouteDef } from '../contract.js';
import { OBJECT_ID } from '../rng.js';
import { asObject, authed } from './auth.js';
import { iconKey, signedUrl } from './icons.js';
import { badRequest, notFound } from './responses.js';
import { isoTime, newObjectId, type StoredWebchat, type TetherState, type TetherUser } from './state.js';

type FieldKind = 'string' | 'boolean' | 'strings' | 'icon';

/** Writable fields, in the order documents are rendered. */
const FIELDS: ReadonlyArray<[string, FieldKind]> = [
  ['name', 'string'],
  ['description', 'string'],
  ['starterMessage', 'string'],
  ['backgroundColor', 'string'],
  ['primaryColor', 'string'],
  ['secondaryColor', 'string'],
  ['icon', 'icon'],
  ['headerTextColor', 'string'],
  ['statusText', 'string'],
  ['statusTextColor', 'string'],
  ['timestampColor', 'string'],
  ['csatBackgroundColor', 'string'],
  ['csatTextColor', 'string'],
  ['csatThankYouMessage', 'string'],
  ['promptId', 'string'],
  ['allowedDomains', 'strings'],
  ['pipelineId', 'string'],
  ['pipelineStage', 'string'],
  ['initialStage', 'string'],
  ['isAutopilot', 'boolean'],
  ['isEnabled', 'boolean'],
];
const FIELD_KIND = new Map(FIELDS);

const REQUIRED = [
  'name',
  'backgroundColor',
  'primaryColor',
  'secondaryColor',
  'promptId',
  'allowedDomains',
  'initialStage',
] as const;
const REQUIRED_SET: ReadonlySet<string> = new Set(REQUIRED);

const SERVER_DEFAULTS = { position: 'bottom-right', offsetX: 24, offsetY: 24, zIndex: 9999 };

const RENDER_ORDER = [
  '_id',
  'organizationId',
  'userId',
  'createdBy',
  ...FIELDS.map(([name]) => name),
  'position',
  'offsetX',
  'offsetY',
  'zIndex',
  'createdAt',
  'updatedAt',
  '__v',
];

const NOT_FOUND = 'Webchat configuration not found';

function render(doc: StoredWebchat, env: EmuEnv): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of RENDER_ORDER) {
    const value = doc[key];
    if (value === undefined) continue;
    out[key] = key === 'icon' ? signedUrl(value as string, env.random) : value;
  }
  return out;
}

function findOwn(state: TetherState, user: TetherUser, id: string | undefined): StoredWebchat | undefined {
  if (id === undefined || !OBJECT_ID.test(id)) return undefined;
  return state.webchats.find((w) => w._id === id && w.organizationId === user.organizationId);
}

function typeError(field: string, kind: FieldKind, value: unknown): string | undefined {
  switch (kind) {
    case 'string':
      return typeof value === 'string' ? undefined : `${field} must be a string`;
    case 'icon':
      return typeof value === 'string' || value === null ? undefined : `${field} must be a string or null`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `${field} must be a boolean`;
    case 'strings':
      return Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? undefined
        : `${field} must be an array of strings`;
  }
}

/**
 * Applies the known keys of `body` to `doc` (unknown keys are ignored, as
 * Express/Mongoose do). Returns an error message or undefined.
 */
function applyFields(doc: StoredWebchat, body: Record<string, unknown>): string | undefined {
  for (const [field, value] of Object.entries(body)) {
    const kind = FIELD_KIND.get(field);
    if (kind === undefined || value === undefined) continue;
    if (value === null && kind !== 'icon') {
      if (REQUIRED_SET.has(field)) return `${field} cannot be empty`;
      delete doc[field];
      continue;
    }
    const problem = typeError(field, kind, value);
    if (problem) return problem;
    if (REQUIRED_SET.has(field) && value === '') return `${field} cannot be empty`;
    if (kind === 'icon') {
      const key = value === null ? undefined : iconKey(value as string);
      if (key === undefined) delete doc.icon;
      else doc.icon = key;
    } else {
      doc[field] = Array.isArray(value) ? [...(value as string[])] : value;
    }
  }
  return undefined;
}

/** Strict mode only: references must exist in the caller's organization. */
function referenceError(state: TetherState, doc: StoredWebchat): string | undefined {
  if (!state.strictReferences) return undefined;
  const org = doc.organizationId;
  if (!state.prompts.some((p) => p._id === doc.promptId && p.organizationId === org)) return 'Prompt not found';
  const pipelines = state.pipelines.filter((p) => p.organizationId === org);
  const pipeline = doc.pipelineId === undefined ? undefined : pipelines.find((p) => p._id === doc.pipelineId);
  if (doc.pipelineId !== undefined && !pipeline) return 'Pipeline not found';
  if (doc.pipelineStage !== undefined) {
    const candidates = pipeline ? [pipeline] : pipelines;
    if (!candidates.some((p) => p.pipelineStageIds.includes(doc.pipelineStage as string))) {
      return 'Pipeline stage not found';
    }
  }
  return undefined;
}

function missingField(body: Record<string, unknown>): string | undefined {
  return REQUIRED.find((field) => {
    const value = body[field];
    return value === undefined || value === null || value === '';
  });
}

/** Express's JSON parser leaves a non-JSON body as `{}`. */
function bodyOf(body: unknown, contentType: string): Record<string, unknown> | EmuResponse {
  if (body === undefined) return {};
  const object = asObject(body);
  if (object) return object;
  return contentType.includes('json') ? badRequest('Request body must be a JSON object') : {};
}

function isResponse(value: unknown): value is EmuResponse {
  return typeof (value as EmuResponse).status === 'number';
}

export const webchatRoutes: RouteDef<TetherState>[] = [
  {
    method: 'GET',
    pattern: '/api/webchats',
    handle: authed('member', (_req, state, env, user) => ({
      status: 200,
      json: { data: state.webchats.filter((w) => w.organizationId === user.organizationId).map((w) => render(w, env)) },
    })),
  },
  {
    method: 'GET',
    pattern: '/api/webchats/:id',
    handle: authed('member', (req, state, env, user) => {
      const doc = findOwn(state, user, req.params.id);
      return doc ? { status: 200, json: { data: render(doc, env) } } : notFound(NOT_FOUND);
    }),
  },
  {
    method: 'POST',
    pattern: '/api/webchats',
    handle: authed('manager', (req, state, env, user) => {
      const body = bodyOf(req.body, req.contentType);
      if (isResponse(body)) return body;
      const missing = missingField(body);
      if (missing) return badRequest(`${missing} is required`);
      const now = isoTime(env);
      const doc: StoredWebchat = {
        _id: '',
        organizationId: user.organizationId,
        userId: user.id,
        createdBy: user.id,
        isAutopilot: false,
        isEnabled: true,
        ...SERVER_DEFAULTS,
      };
      const problem = applyFields(doc, body) ?? referenceError(state, doc);
      if (problem) return badRequest(problem);
      Object.assign(doc, { _id: newObjectId(state, env), createdAt: now, updatedAt: now, __v: 0 });
      state.webchats.push(doc);
      return { status: 201, json: { message: 'Webchat configuration created', data: render(doc, env) } };
    }),
  },
  {
    method: 'PUT',
    pattern: '/api/webchats/:id',
    handle: authed('manager', (req, state, env, user) => {
      const existing = findOwn(state, user, req.params.id);
      if (!existing) return notFound(NOT_FOUND);
      const body = bodyOf(req.body, req.contentType);
      if (isResponse(body)) return body;
      // Work on a copy so a rejected update leaves the stored document untouched.
      const doc = structuredClone(existing);
      const problem = applyFields(doc, body) ?? referenceError(state, doc);
      if (problem) return badRequest(problem);
      doc.updatedAt = isoTime(env);
      state.webchats[state.webchats.indexOf(existing)] = doc;
      return { status: 200, json: { message: 'Webchat configuration updated', data: render(doc, env) } };
    }),
  },
  {
    method: 'DELETE',
    pattern: '/api/webchats/:id',
    handle: authed('manager', (req, state, _env, user) => {
      const existing = findOwn(state, user, req.params.id);
      if (!existing) return notFound(NOT_FOUND);
      state.webchats.splice(state.webchats.indexOf(existing), 1);
      return { status: 200, json: { message: 'Webchat configuration deleted' } };
    }),
  },
];
