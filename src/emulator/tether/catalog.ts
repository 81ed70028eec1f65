/** The resources webchats refer to: prompts (`promptId`) and pipelines (`pipelineId`, stages). */
import type { RouteDef } from '../contract.js';
import { authed } from './auth.js';
import { badRequest, notFound } from './responses.js';
import type { TetherState } from './state.js';

const PIPELINE_TYPES: ReadonlySet<string> = new Set(['Contact', 'Application']);

export const catalogRoutes: RouteDef<TetherState>[] = [
  {
    method: 'GET',
    pattern: '/api/prompts/user',
    // Organization-wide: which prompts "the current user" sees is not documented.
    handle: authed('member', (_req, state, _env, user) => ({
      status: 200,
      json: state.prompts.filter((p) => p.organizationId === user.organizationId),
    })),
  },
  {
    method: 'GET',
    pattern: '/api/pipelines',
    handle: authed('member', (req, state, _env, user) => {
      const type = req.query.get('type') || 'Contact';
      if (!PIPELINE_TYPES.has(type)) return badRequest('Invalid pipeline type. Must be Contact or Application');
      const pipelineId = req.query.get('pipelineId');
      const own = state.pipelines.filter((p) => p.organizationId === user.organizationId);
      const pipeline = pipelineId
        ? own.find((p) => p._id === pipelineId)
        : own.find((p) => p.type === type && p.isDefault);
      return pipeline ? { status: 200, json: { pipeline } } : notFound('Pipeline not found');
    }),
  },
];
