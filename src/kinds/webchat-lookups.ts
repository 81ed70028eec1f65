/** Tether prompts and pipelines that webchats name instead of giving ids. */
import type { TetherClient, TetherPipeline, TetherPrompt } from '../vendors/index.js';

export interface WebchatLookups {
  prompts: TetherPrompt[];
  pipelines: TetherPipeline[];
}

interface PipelineRefs {
  prompt?: string | undefined;
  pipeline?: string | undefined;
  pipeline_id?: string | undefined;
}

/**
 * One request for prompts when a name is used, one for the default pipeline
 * when any webchat relies on it, one per distinct pipeline id: Tether has no
 * pipeline list.
 */
export async function readWebchatLookups(client: TetherClient, desired: PipelineRefs[] | 'all'): Promise<WebchatLookups> {
  const all = desired === 'all';
  const list = all ? [] : desired;
  const needPrompts = all || list.some((d) => d.prompt !== undefined);
  const needDefault = all || list.some((d) => d.pipeline_id === undefined);
  const ids = [...new Set(list.flatMap((d) => (d.pipeline_id ? [d.pipeline_id] : [])))];
  const [prompts, fallback, ...byId] = await Promise.all([
    needPrompts ? client.listPrompts() : Promise.resolve([]),
    needDefault ? client.getPipeline({}) : Promise.resolve(undefined),
    ...ids.map((id) => client.getPipeline({ id })),
  ]);
  const pipelines = [fallback, ...byId].filter((p): p is TetherPipeline => p !== undefined);
  return { prompts, pipelines: pipelines.map((p) => (p === fallback ? { ...p, isDefault: true } : p)) };
}

/** The pipeline a webchat uses, undefined when none is fetched, or a message explaining why it is unknown. */
export function resolvePipeline(lookups: WebchatLookups, d: PipelineRefs): TetherPipeline | undefined | string {
  if (d.pipeline_id !== undefined) {
    return lookups.pipelines.find((p) => p._id === d.pipeline_id) ?? `no Tether pipeline has id "${d.pipeline_id}"`;
  }
  const fallback = lookups.pipelines.find((p) => p.isDefault);
  if (d.pipeline === undefined || d.pipeline === 'default') return fallback;
  if (fallback && fallback.name === d.pipeline) return fallback;
  return `only the default pipeline${fallback ? ` ("${fallback.name}")` : ''} can be named, because Tether cannot list pipelines: use pipeline_id for "${d.pipeline}"`;
}

export function stageByName(pipeline: TetherPipeline, name: string) {
  return (pipeline.pipelineStages ?? []).find((s) => s.name === name);
}

export function stageById(pipeline: TetherPipeline, id: string) {
  return (pipeline.pipelineStages ?? []).find((s) => s._id === id);
}
