/**
 * Tether AI webchat widget, identified by name. Fields are snake_case in
 * config and camelCase on the wire; prompt and pipeline can be named instead
 * of given by id.
 */
import * as z from 'zod';
import { doc } from '../config/field-docs.js';
import type { TetherWebchat } from '../vendors/index.js';
import { hexColour, nonEmptyString, protectedFlag } from './fields.js';
import { normaliseColour, normaliseSet } from './normalise.js';
import type { BuildContext, FieldMap, Kind, KindRequest, LiveObject } from './types.js';
import { tetherOf, withoutNulls } from './vendor-access.js';
import {
  desiredIconIdentity,
  iconIdentity,
  iconTerraformAdapter,
  iconSchema,
  iconUpload,
  keyFromWire,
  prepareIcon,
  readPreparedIcon,
  type IconConfig,
  type PreparedIcon,
} from './webchat-icon.js';
import { readWebchatLookups, resolvePipeline, stageById, stageByName, type WebchatLookups } from './webchat-lookups.js';

const colourDoc = (wire: string, title: string, markdown: string) =>
  doc(title, `${markdown} \`#RGB\` or \`#RRGGBB\`, compared case-insensitively (\`${wire}\` on Tether).`);
const colour = (wire: string, title: string, markdown: string) => hexColour().optional().meta(colourDoc(wire, title, markdown));
const requiredColour = (wire: string, title: string, markdown: string) => hexColour().meta(colourDoc(wire, title, `${markdown} Required.`));
const text = (wire: string, title: string, markdown: string) => z.string().optional().meta(doc(title, `${markdown} (\`${wire}\` on Tether)`));
const id = (title: string, markdown: string) => z.string().min(1).optional().meta(doc(title, markdown));

const schema = z
  .strictObject({
    name: nonEmptyString().meta(doc('Webchat name', 'Name of the widget in Tether\'s admin, and its identity in deskform. 1 to 255 characters.')),
    description: text('description', 'Description', 'Free-text description.'),
    starter_message: text('starterMessage', 'Starter message', 'Greeting bubble shown before the visitor\'s first message.'),
    background_color: requiredColour('backgroundColor', 'Background color', 'Background of the chat panel.'),
    primary_color: requiredColour('primaryColor', 'Primary color', 'Accent of the header and buttons.'),
    secondary_color: requiredColour('secondaryColor', 'Secondary color', 'Accent of outgoing message bubbles.'),
    header_text_color: colour('headerTextColor', 'Header text color', 'Colour of the header text.'),
    status_text: text('statusText', 'Status text', 'Line under the title.'),
    status_text_color: colour('statusTextColor', 'Status text color', 'Colour of `status_text`.'),
    timestamp_color: colour('timestampColor', 'Timestamp color', 'Colour of message timestamps.'),
    csat_background_color: colour('csatBackgroundColor', 'CSAT background color', 'Background of the satisfaction-survey panel.'),
    csat_text_color: colour('csatTextColor', 'CSAT text color', 'Text colour of the satisfaction-survey panel.'),
    csat_thank_you_message: text('csatThankYouMessage', 'CSAT thank-you message', 'Shown after the visitor answers the satisfaction survey.'),
    icon: iconSchema,
    prompt: id('Prompt', 'Name of the Tether AI prompt that answers visitors, looked up among your prompts (sent as `promptId`). Give exactly one of `prompt` or `prompt_id`.'),
    prompt_id: id('Prompt id', 'Id of the Tether AI prompt (`promptId`), instead of `prompt`.'),
    allowed_domains: z
      .array(z.string().min(1))
      .meta(
        doc(
          'Allowed domains',
          'Origins allowed to embed the widget, such as `https://example.com`, compared as a set (`allowedDomains` on Tether); `[]` allows any. Required.',
        ),
      ),
    pipeline: id(
      'Pipeline',
      'Pipeline new contacts join: `default` or the default contact pipeline\'s name (Tether cannot list its other pipelines: give those by `pipeline_id`). Sent as `pipelineId`; not with `pipeline_id`.',
    ),
    pipeline_id: id('Pipeline id', 'Id of the pipeline new contacts join (`pipelineId`), instead of `pipeline`.'),
    pipeline_stage: id('Pipeline stage', 'Stage of the pipeline for new contacts, by name or id (sent as the stage id, `pipelineStage`).'),
    initial_stage: z
      .string()
      .min(1)
      .meta(doc('Initial stage', 'Name of the pipeline stage new contacts enter, for example `new` (`initialStage` on Tether). Required.')),
    is_autopilot: z.boolean().optional().meta(doc('Autopilot', 'The AI answers visitors without an agent approving each reply (`isAutopilot`). Tether does not document its default: set it explicitly.')),
    is_enabled: z.boolean().optional().meta(doc('Enabled', 'The widget accepts new visitor chats (`isEnabled`). Tether does not document its default: set it explicitly.')),
    protected: protectedFlag(),
  })
  .superRefine((d, ctx) => {
    if ((d.prompt === undefined) === (d.prompt_id === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['prompt'], message: 'give exactly one of prompt (a name) or prompt_id' });
    }
    if (d.pipeline !== undefined && d.pipeline_id !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['pipeline'], message: 'give pipeline (a name) or pipeline_id, not both' });
    }
  })
  .meta(
    doc('Tether webchat', 'A Tether AI webchat widget, matched by `name`: its colours, icon, AI prompt and the pipeline new contacts join.', [
      {
        label: 'Webchat',
        description: 'A webchat answering with a named prompt',
        body: {
          name: '${1:Website chat}',
          background_color: '#FFFFFF',
          primary_color: '${2:#1F93FF}',
          secondary_color: '#E5F1FF',
          prompt: '${3:Support}',
          allowed_domains: ['${4:https://example.com}'],
          initial_stage: '${5:new}',
        },
      },
    ]),
  );
/** Look-ups are read only when webchats are declared; a prune-only run compares without names. */
const NO_LOOKUPS: WebchatLookups = { prompts: [], pipelines: [] };

export type WebchatConfig = Omit<z.infer<typeof schema>, 'icon'> & { icon?: IconConfig | PreparedIcon };

/** Fields copied as they are, snake_case in config ↔ camelCase on the wire. */
const PLAIN = ['name', 'description', 'starter_message', 'status_text', 'csat_thank_you_message', 'is_autopilot', 'is_enabled'] as const;
const COLOURS = [
  'background_color',
  'primary_color',
  'secondary_color',
  'header_text_color',
  'status_text_color',
  'timestamp_color',
  'csat_background_color',
  'csat_text_color',
] as const;

type CopiedField = (typeof PLAIN)[number] | (typeof COLOURS)[number];
/** Worked out once: the planner reads every copied field of every webchat. */
const WIRE_NAME = Object.fromEntries(
  [...PLAIN, ...COLOURS].map((snake) => [snake, snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())]),
) as Record<CopiedField, string>;
const wireValue = (w: TetherWebchat, snake: CopiedField): unknown => (w as Record<string, unknown>)[WIRE_NAME[snake]];

export const webchatKind: Kind<WebchatConfig, TetherWebchat, WebchatLookups> = {
  kind: 'webchat',
  configKey: 'webchats',
  vendor: 'tether',
  schema,
  fieldClasses: {},
  // Tether derives each id from its name (and the icon key from the uploaded file), so they change together.
  terraform: {
    adapters: { icon: iconTerraformAdapter },
    followers: { prompt: ['prompt_id'], prompt_id: ['prompt'], pipeline: ['pipeline_id'], pipeline_id: ['pipeline'], icon: ['icon_key'] },
  },
  keyOf: (d) => d.name,
  references: () => [],

  async readLive(clients) {
    const webchats = await tetherOf(clients).listWebchats();
    return webchats.map((w) => ({ id: w._id, key: w.name, wire: w }));
  },

  readLookups: (clients, desired) => readWebchatLookups(tetherOf(clients), desired === 'all' ? 'all' : desired.map((o) => o.value)),

  async prepare(obj) {
    const icon = await prepareIcon(obj.value.icon as IconConfig, obj);
    return icon === undefined ? obj.value : { ...obj.value, icon };
  },

  check(d, ctx) {
    const problems: Array<{ path: string[]; message: string }> = [];
    const lookups = ctx.lookups ?? NO_LOOKUPS;
    if (d.prompt !== undefined) {
      const matches = lookups.prompts.filter((p) => p.name === d.prompt);
      if (matches.length === 0) {
        const names = lookups.prompts.map((p) => `"${p.name}"`).join(', ') || 'none';
        problems.push({ path: ['prompt'], message: `no Tether prompt is named "${d.prompt}" (available: ${names})` });
      } else if (matches.length > 1) {
        problems.push({ path: ['prompt'], message: `${matches.length} Tether prompts are named "${d.prompt}": use prompt_id` });
      }
    }
    const pipeline = resolvePipeline(lookups, d);
    if (typeof pipeline === 'string') problems.push({ path: [d.pipeline_id ? 'pipeline_id' : 'pipeline'], message: pipeline });
    else if (pipeline) {
      if (d.pipeline_stage !== undefined && !stageByName(pipeline, d.pipeline_stage) && !stageById(pipeline, d.pipeline_stage)) {
        problems.push({ path: ['pipeline_stage'], message: `pipeline "${pipeline.name}" has no stage "${d.pipeline_stage}"` });
      }
      if (!stageByName(pipeline, d.initial_stage)) {
        problems.push({ path: ['initial_stage'], message: `pipeline "${pipeline.name}" has no stage named "${d.initial_stage}"` });
      }
    }
    return problems;
  },

  desiredFields(d, ctx) {
    const f: FieldMap = {};
    for (const field of PLAIN) if (d[field] !== undefined) f[field] = d[field];
    for (const field of COLOURS) if (d[field] !== undefined) f[field] = normaliseColour(d[field]);
    f.allowed_domains = normaliseSet(d.allowed_domains);
    f.initial_stage = d.initial_stage;
    if (d.prompt !== undefined) f.prompt = d.prompt;
    if (d.prompt_id !== undefined) f.prompt_id = d.prompt_id;
    const pipeline = resolvePipeline(ctx.lookups ?? NO_LOOKUPS, d);
    if (d.pipeline !== undefined && typeof pipeline === 'object') f.pipeline = pipeline?.name ?? d.pipeline;
    if (d.pipeline_id !== undefined) f.pipeline_id = d.pipeline_id;
    if (d.pipeline_stage !== undefined) {
      const stage = typeof pipeline === 'object' && pipeline ? stageById(pipeline, d.pipeline_stage) : undefined;
      f.pipeline_stage = stage?.name ?? d.pipeline_stage;
    }
    if (d.icon !== undefined) f.icon = desiredIconIdentity(d.icon as PreparedIcon);
    return f;
  },

  liveFields({ wire }, ctx) {
    const lookups = ctx.lookups ?? NO_LOOKUPS;
    const f: FieldMap = {};
    for (const field of PLAIN) f[field] = wireValue(wire, field) ?? null;
    for (const field of COLOURS) f[field] = normaliseColour(wireValue(wire, field));
    f.allowed_domains = normaliseSet(wire.allowedDomains ?? []);
    f.initial_stage = wire.initialStage ?? null;
    f.prompt_id = wire.promptId ?? null;
    f.prompt = promptName(lookups, wire.promptId);
    f.pipeline_id = wire.pipelineId ?? null;
    const pipeline = lookups.pipelines.find((p) => p._id === wire.pipelineId);
    f.pipeline = pipeline?.name ?? wire.pipelineId ?? null;
    // Tether may leave pipelineStage out of reads; absent means "cannot be read", not "unset".
    if ('pipelineStage' in wire) {
      // Without a pipeline of its own, a webchat's stages are the default pipeline's (as on the desired side).
      const stages = pipeline ?? (wire.pipelineId ? undefined : lookups.pipelines.find((p) => p.isDefault));
      const stage = stages && wire.pipelineStage ? stageById(stages, wire.pipelineStage) : undefined;
      f.pipeline_stage = stage?.name ?? wire.pipelineStage ?? null;
    }
    const key = keyFromWire(wire.icon);
    f.icon = key === null ? null : iconIdentity(key);
    return f;
  },

  exportLive({ wire }, ctx) {
    const lookups = ctx.lookups ?? NO_LOOKUPS;
    const out: Record<string, unknown> = {};
    for (const field of ['name', 'description', 'starter_message', ...COLOURS, 'status_text', 'csat_thank_you_message'] as const)
      out[field] = wireValue(wire, field);
    const prompt = promptName(lookups, wire.promptId);
    const uniquePrompt = prompt !== null && lookups.prompts.filter((p) => p.name === prompt).length === 1;
    if (uniquePrompt) out.prompt = prompt;
    else out.prompt_id = wire.promptId;
    out.allowed_domains = wire.allowedDomains ?? [];
    const pipeline = lookups.pipelines?.find((p) => p._id === wire.pipelineId);
    if (pipeline?.isDefault) out.pipeline = pipeline.name;
    else out.pipeline_id = wire.pipelineId;
    if (wire.pipelineStage) out.pipeline_stage = (pipeline && stageById(pipeline, wire.pipelineStage)?.name) ?? wire.pipelineStage;
    out.initial_stage = wire.initialStage;
    out.is_autopilot = wire.isAutopilot;
    out.is_enabled = wire.isEnabled;
    const key = keyFromWire(wire.icon);
    if (key) out.icon = { key };
    return withoutNulls(out);
  },

  createRequest,

  async create(d, ctx) {
    const body = await withUpload(createRequest(d, ctx), ctx.clients);
    const wire = await tetherOf(ctx.clients).createWebchat(body, ctx.creating);
    return { id: wire._id, key: wire.name, wire };
  },

  updateRequest,

  async update(live, d, changed, ctx) {
    await tetherOf(ctx.clients).updateWebchat(live.id, await withUpload(updateRequest(live, d, changed, ctx), ctx.clients));
  },

  async delete(live, ctx) {
    await tetherOf(ctx.clients).deleteWebchat(live.id);
  },
};

/** A create sends every field the config sets. */
const CREATE_FIELDS: ReadonlySet<string> = new Set([...PLAIN, ...COLOURS, 'allowed_domains', 'initial_stage', 'prompt', 'pipeline', 'pipeline_stage', 'icon']);

/** The camelCase request for the given comparable fields; a file icon is described as an upload whose key the body takes. */
function createRequest(d: WebchatConfig, ctx: BuildContext<WebchatLookups>): KindRequest {
  return wireRequest(d, CREATE_FIELDS, ctx.lookups ?? NO_LOOKUPS);
}

function updateRequest(_live: LiveObject<TetherWebchat>, d: WebchatConfig, changed: ReadonlySet<string>, ctx: BuildContext<WebchatLookups>): KindRequest {
  return wireRequest(d, changed, ctx.lookups ?? NO_LOOKUPS);
}

function wireRequest(d: WebchatConfig, fields: ReadonlySet<string>, lookups: WebchatLookups): KindRequest {
  const body: Record<string, unknown> = {};
  for (const field of [...PLAIN, ...COLOURS]) if (fields.has(field) && d[field] !== undefined) body[WIRE_NAME[field]] = d[field];
  if (fields.has('allowed_domains')) body.allowedDomains = d.allowed_domains;
  if (fields.has('initial_stage')) body.initialStage = d.initial_stage;
  const l = lookups;
  if (fields.has('prompt') || fields.has('prompt_id')) body.promptId = d.prompt_id ?? l.prompts.find((p) => p.name === d.prompt)?._id;
  const pipeline = resolvePipeline(l, d);
  const resolved = typeof pipeline === 'object' ? pipeline : undefined;
  if ((fields.has('pipeline') || fields.has('pipeline_id')) && (d.pipeline !== undefined || d.pipeline_id !== undefined)) {
    body.pipelineId = d.pipeline_id ?? resolved?._id;
  }
  if (fields.has('pipeline_stage') && d.pipeline_stage !== undefined) {
    body.pipelineStage = (resolved && stageByName(resolved, d.pipeline_stage)?._id) ?? d.pipeline_stage;
  }
  if (fields.has('icon') && d.icon !== undefined) {
    const icon = d.icon as PreparedIcon;
    if (icon === null) body.icon = null;
    else if ('key' in icon) body.icon = icon.key;
    else return { body, upload: iconUpload(icon) };
  }
  return { body };
}

/** The request's body, with the key of its icon upload (sent first) where it has one. */
async function withUpload(request: KindRequest, clients: Parameters<typeof tetherOf>[0]): Promise<Record<string, unknown>> {
  const { body, upload } = request;
  if (!upload) return body;
  const { key } = await tetherOf(clients).upload(upload.name, await readPreparedIcon(upload), upload.contentType);
  return { ...body, [upload.into]: key };
}

function promptName(lookups: WebchatLookups, id: string | undefined): string | null {
  if (!id) return null;
  return lookups.prompts?.find((p) => p._id === id)?.name ?? id;
}

