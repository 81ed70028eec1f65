/**
 * Inbox `csat_config`: permitted shape, and the normalisation update applies
 * (`format_csat_config`, §3.9). Create stores the permitted object as sent.
 */
import { has, isObject, isScalar, permitScalarArray, rubyTruthy, type Params } from './cast.js';

export function permitCsatConfig(v: Params): Params {
  const out: Params = {};
  for (const k of ['display_type', 'message', 'button_text', 'language']) if (has(v, k) && isScalar(v[k])) out[k] = v[k];
  if (isObject(v.survey_rules)) {
    const rules: Params = {};
    if (has(v.survey_rules, 'operator') && isScalar(v.survey_rules.operator)) rules.operator = v.survey_rules.operator;
    const values = permitScalarArray(v.survey_rules.values);
    if (values) rules.values = values;
    out.survey_rules = rules;
  }
  if (isObject(v.template)) {
    const template: Params = {};
    for (const k of ['name', 'template_id', 'created_at', 'language']) {
      if (has(v.template, k) && isScalar(v.template[k])) template[k] = v.template[k];
    }
    out.template = template;
  }
  return out;
}

function or(v: unknown, fallback: unknown): unknown {
  return rubyTruthy(v) ? v : fallback;
}

/** Exactly these keys with defaults; anything saved before and not re-sent is dropped. */
export function formatCsatConfig(c: Params): Params {
  const rules = isObject(c.survey_rules) ? c.survey_rules : {};
  const out: Params = {
    display_type: or(c.display_type, 'emoji'),
    message: or(c.message, ''),
    survey_rules: { operator: or(rules.operator, 'contains'), values: or(rules.values, []) },
    button_text: or(c.button_text, 'Please rate us'),
    language: or(c.language, 'en'),
  };
  if (isObject(c.template) && Object.keys(c.template).length > 0) out.template = c.template;
  return out;
}
