/** Tether's emulated database: organizations, users, sessions, prompts, pipelines, webchats. */
import type { EmuEnv, Fixtures, TetherFixtures } from '../contract.js';
import { formatObjectId, randomHex } from '../rng.js';

export type AccessRole = TetherFixtures['users'][number]['access_role'];

export interface TetherUser {
  id: string;
  email: string;
  password: string;
  fullName: string;
  organizationId: string;
  accessRole: AccessRole;
  apiKey?: string;
}

export interface TetherSession {
  userId: string;
  expiresAt: number;
}

export interface TetherPrompt {
  _id: string;
  name: string;
  prompt: string;
  description: string;
  temperature: number;
  responseTime: number;
  isHidden: boolean;
  tools: string[];
  toolConfigs: Record<string, unknown>;
  organizationId: string;
  userId: string;
  copiedFrom: string | null;
  copiedFromName: string | null;
  copiedFromOrg: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface TetherPipelineStage {
  _id: string;
  name: string;
  color: string;
  position: number;
}

export interface TetherPipeline {
  _id: string;
  name: string;
  description: string;
  organizationId: string;
  type: 'Contact' | 'Application';
  isDefault: boolean;
  isActive: boolean;
  stages: Array<{ name: string; color: string }>;
  pipelineStageIds: string[];
  pipelineStages: TetherPipelineStage[];
  createdBy: string;
  updatedBy: string;
  createdAt: string;
  updatedAt: string;
}

/** A webchat as stored: `icon`, when present, is the storage key, never a URL. */
export type StoredWebchat = Record<string, unknown> & {
  _id: string;
  organizationId: string;
  icon?: string;
};

export interface TetherState {
  strictReferences: boolean;
  /** The 5-byte middle part of every ObjectId this "server process" makes. */
  processHex: string;
  objectIdCounter: number;
  organizations: Array<{ id: string; name: string }>;
  users: TetherUser[];
  /** Login tokens → session. */
  sessions: Record<string, TetherSession>;
  prompts: TetherPrompt[];
  pipelines: TetherPipeline[];
  webchats: StoredWebchat[];
}

export function isoTime(env: EmuEnv): string {
  return new Date(env.now()).toISOString();
}

export function newObjectId(state: TetherState, env: EmuEnv): string {
  state.objectIdCounter = (state.objectIdCounter + 1) & 0xffffff;
  return formatObjectId(env.now(), state.processHex, state.objectIdCounter);
}

export function initialTetherState(fixtures: Fixtures, env: EmuEnv): TetherState {
  const t = fixtures.tether;
  const now = isoTime(env);
  return {
    strictReferences: t.strict_references ?? false,
    processHex: randomHex(env.random, 10),
    objectIdCounter: Math.floor(env.random() * 0xffffff),
    organizations: t.organizations.map((o) => ({ ...o })),
    users: t.users.map((u) => ({
      id: u.id,
      email: u.email,
      password: u.password,
      fullName: u.full_name,
      organizationId: u.organization_id,
      accessRole: u.access_role,
      ...(u.api_key !== undefined ? { apiKey: u.api_key } : {}),
    })),
    sessions: {},
    prompts: t.prompts.map((p) => ({
      _id: p.id,
      name: p.name,
      prompt: `You are the ${p.name}.`,
      description: p.description ?? '',
      temperature: 0.7,
      responseTime: 0,
      isHidden: false,
      tools: [],
      toolConfigs: {},
      organizationId: p.organization_id,
      userId: p.user_id,
      copiedFrom: null,
      copiedFromName: null,
      copiedFromOrg: null,
      createdAt: now,
      updatedAt: now,
    })),
    pipelines: t.pipelines.map((p) => {
      const stages = [...p.stages].sort((a, b) => a.position - b.position);
      const owner = t.users.find((u) => u.organization_id === p.organization_id)?.id ?? '';
      return {
        _id: p.id,
        name: p.name,
        description: '',
        organizationId: p.organization_id,
        type: p.type,
        isDefault: p.is_default,
        isActive: true,
        stages: stages.map((s) => ({ name: s.name, color: s.color })),
        pipelineStageIds: stages.map((s) => s.id),
        pipelineStages: stages.map((s) => ({ _id: s.id, name: s.name, color: s.color, position: s.position })),
        createdBy: owner,
        updatedBy: owner,
        createdAt: now,
        updatedAt: now,
      };
    }),
    webchats: [],
  };
}
