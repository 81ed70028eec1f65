/**
 * Data sources for the Tether look-ups a webchat refers to, so HCL and CDKTF
 * can name them: `deskform_prompt` (by name) and `deskform_pipeline` (the
 * default pipeline of a type, or one by id, with its stages).
 */
import { VendorError } from '../errors.js';
import { tetherOf } from '../kinds/vendor-access.js';
import type { TetherPipeline, VendorClients, VendorName } from '../vendors/index.js';
import type { CtyValue } from './cty-codec.js';
import type { CtyType } from './cty-types.js';
import { DiagnosticsError, errorDiagnostic, type Diagnostic } from './diagnostics.js';
import { blockType } from './schema-proto.js';
import type { Schema } from '../terraform/schema.js';
import type { Attributes } from './validation.js';

export interface DataSource {
  readonly typeName: string;
  /** The vendor whose provider settings the look-up needs. */
  readonly vendor: VendorName;
  readonly type: CtyType;
  validate(config: Attributes): Diagnostic[];
  read(config: Attributes, clients: VendorClients): Promise<Attributes>;
}

const PIPELINE_TYPES = ['Contact', 'Application'] as const;

function promptSource(typeName: string, schema: Schema): DataSource {
  return {
    typeName,
    vendor: 'tether',
    type: blockType(schema.block),
    validate: (config) => (config.name === '' ? [errorDiagnostic('Invalid name', 'name must not be empty', ['name'])] : []),
    async read(config, clients) {
      const name = String(config.name);
      const prompts = await tetherOf(clients).listPrompts();
      const matches = prompts.filter((p) => p.name === name);
      if (matches.length !== 1) {
        const available = prompts.map((p) => `"${p.name}"`).join(', ') || 'none';
        const detail =
          matches.length === 0
            ? `no Tether prompt is named "${name}" (available: ${available})`
            : `${matches.length} Tether prompts are named "${name}": use the prompt id instead`;
        throw new DiagnosticsError([errorDiagnostic('Prompt not found', detail, ['name'])]);
      }
      const prompt = matches[0]!;
      return { ...config, id: prompt._id, name: prompt.name, description: typeof prompt.description === 'string' ? prompt.description : null };
    },
  };
}

function pipelineSource(typeName: string, schema: Schema): DataSource {
  return {
    typeName,
    vendor: 'tether',
    type: blockType(schema.block),
    validate(config) {
      const type = config.type;
      if (typeof type === 'string' && !(PIPELINE_TYPES as readonly string[]).includes(type)) {
        return [errorDiagnostic('Invalid type', `type must be one of ${PIPELINE_TYPES.map((t) => `"${t}"`).join(', ')}`, ['type'])];
      }
      return [];
    },
    async read(config, clients) {
      const id = typeof config.id === 'string' ? config.id : undefined;
      const type = (typeof config.type === 'string' ? config.type : 'Contact') as (typeof PIPELINE_TYPES)[number];
      let pipeline: TetherPipeline;
      try {
        pipeline = await tetherOf(clients).getPipeline(id === undefined ? { type } : { type, id });
      } catch (err) {
        if (err instanceof VendorError && err.status === 404) {
          throw new DiagnosticsError([errorDiagnostic('Pipeline not found', err.message, id === undefined ? [] : ['id'])]);
        }
        throw err;
      }
      const stages: CtyValue[] = [...(pipeline.pipelineStages ?? [])]
        .sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
        .map((s) => ({ id: s._id, name: s.name, color: s.color ?? null, position: s.position ?? null }));
      return {
        id: pipeline._id,
        name: pipeline.name,
        type: typeof pipeline.type === 'string' ? pipeline.type : type,
        is_default: pipeline.isDefault ?? id === undefined,
        stages,
      };
    },
  };
}

const FACTORIES: Record<string, (typeName: string, schema: Schema) => DataSource> = {
  deskform_prompt: promptSource,
  deskform_pipeline: pipelineSource,
};

/** The data sources the schema declares; each must have an implementation here. */
export function dataSources(schemas: Record<string, Schema>): Map<string, DataSource> {
  return new Map(
    Object.entries(schemas).map(([typeName, schema]) => {
      const factory = FACTORIES[typeName];
      if (!factory) throw new Error(`the schema declares data source ${typeName}, which the provider does not implement`);
      return [typeName, factory(typeName, schema)];
    }),
  );
}
