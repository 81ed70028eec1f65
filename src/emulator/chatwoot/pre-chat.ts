/**
 * Web-widget `pre_chat_form_options`: permitted shape and the default object
 * that replaces any options saved without `pre_chat_fields`.
 */
import { has, isObject, isScalar, permitScalarArray, type Params } from './cast.js';

const FIELD_KEYS = ['field_type', 'label', 'placeholder', 'name', 'enabled', 'type', 'required', 'locale', 'regex_pattern', 'regex_cue'];

export function permitPreChatOptions(v: Params): Params {
  const out: Params = {};
  for (const k of ['pre_chat_message', 'require_email']) if (has(v, k) && isScalar(v[k])) out[k] = v[k];
  if (Array.isArray(v.pre_chat_fields)) {
    out.pre_chat_fields = v.pre_chat_fields.filter(isObject).map((field) => {
      const f: Params = {};
      for (const k of FIELD_KEYS) if (has(field, k) && isScalar(field[k])) f[k] = field[k];
      const values = permitScalarArray(field.values);
      if (values) f.values = values;
      return f;
    });
  }
  return out;
}

function standardField(label: string, name: string, type: string, required: boolean): Params {
  return { field_type: 'standard', label, name, type, required, enabled: false };
}

export function defaultPreChatOptions(): Params {
  return {
    pre_chat_message: 'Share your queries or comments here.',
    pre_chat_fields: [
      standardField('Email Id', 'emailAddress', 'email', true),
      standardField('Full name', 'fullName', 'text', false),
      standardField('Phone number', 'phoneNumber', 'text', false),
    ],
  };
}
