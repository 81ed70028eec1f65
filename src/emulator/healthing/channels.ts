/** `/api/v1/channels`: tenant-scoped list, get and the documented partial update. */
import type { EmuResponse, RouteDef } from '../contract.js';
import { withUser } from './auth.js';
import { detail, unprocessable, type ValidationIssue } from './responses.js';
import { renderChannel, touch, type HealthingChannel, type HealthingState, type HealthingUser } from './state.js';
import { isIssue, parseIntParam, requireObjectBody, validateChannelUpdate, type ChannelUpdate } from './validation.js';

function channelNotFound(): EmuResponse {
  return detail(404, 'Channel not found');
}

function findOwn(state: HealthingState, user: HealthingUser, id: number): HealthingChannel | undefined {
  return state.channels.find((c) => c.id === id && c.tenant_id === user.tenant_id);
}

export const channelRoutes: RouteDef<HealthingState>[] = [
  {
    method: 'GET',
    pattern: '/api/v1/channels',
    handle: withUser((_req, state, _env, user) => ({
      status: 200,
      json: state.channels.filter((c) => c.tenant_id === user.tenant_id).map(renderChannel),
    })),
  },
  {
    method: 'GET',
    pattern: '/api/v1/channels/:channel_id',
    handle: withUser((req, state, _env, user) => {
      const id = parseIntParam(req.params.channel_id, 'channel_id');
      if (isIssue(id)) return unprocessable([id]);
      const channel = findOwn(state, user, id);
      return channel ? { status: 200, json: renderChannel(channel) } : channelNotFound();
    }),
  },
  {
    method: 'PUT',
    pattern: '/api/v1/channels/:channel_id',
    handle: withUser((req, state, env, user, body) => {
      // FastAPI validates the path and the body together and reports every problem.
      const issues: ValidationIssue[] = [];
      const id = parseIntParam(req.params.channel_id, 'channel_id');
      if (isIssue(id)) issues.push(id);
      const object = requireObjectBody(body);
      let update: ChannelUpdate | undefined;
      if (isIssue(object)) issues.push(object);
      else update = validateChannelUpdate(object, issues);
      if (issues.length > 0 || isIssue(id) || !update) return unprocessable(issues);
      const channel = findOwn(state, user, id);
      if (!channel) return channelNotFound();
      if (update.assignment_mode !== undefined) channel.assignment_mode = update.assignment_mode;
      if (update.business_hours !== undefined) channel.business_hours = update.business_hours;
      touch(channel, env);
      return { status: 200, json: renderChannel(channel) };
    }, true),
  },
];
