import { processSync, ProcessorMap } from '@formio/core';
import type { FieldError } from '../common/domain-error';
import { bilingual } from '../common/validation';
import type { FormComponent, FormDefinition } from './form-version.entity';

/** What @formio/core reports of one bad field. */
interface FormioFieldError {
  ruleName: string;
  errorKeyOrMessage: string;
  context: { path?: string; key?: string; setting?: unknown; component?: { label?: string; validate?: { customMessage?: string } } };
}

/** Each rule's words, Chinese then English, given the field's label and the rule's setting. */
const RULE_MESSAGES: Record<string, (setting: unknown) => [string, string]> = {
  required: () => ['必填', 'is required'],
  pattern: () => ['格式不正确', 'has the wrong format'],
  maxLength: (n) => [`不能超过 ${n} 个字符`, `must be at most ${n} characters`],
  minLength: (n) => [`至少 ${n} 个字符`, `must be at least ${n} characters`],
  min: (n) => [`不能小于 ${n}`, `must be at least ${n}`],
  max: (n) => [`不能大于 ${n}`, `must be at most ${n}`],
  minItems: (n) => [`至少 ${n} 项`, `needs at least ${n} item(s)`],
  maxItems: (n) => [`最多 ${n} 项`, `takes at most ${n} items`],
  select: () => ['不是可选的值', 'is not one of the allowed values'],
  selectValue: () => ['不是可选的值', 'is not one of the allowed values'],
  onlyAvailableItems: () => ['不是可选的值', 'is not one of the allowed values'],
  number: () => ['应为数字', 'must be a number'],
  integer: () => ['应为整数', 'must be a whole number'],
};

/**
 * Validates submission data against a Form.io definition with @formio/core — the same definition the
 * browser renders — and names each bad field by its path with its label. Only validation runs: the
 * server neither fills defaults nor recalculates what the user submitted.
 */
export function formFieldErrors(definition: FormDefinition, data: Record<string, unknown>): FieldError[] {
  const errors: FormioFieldError[] = [];
  const copy = structuredClone(data);
  processSync({
    form: definition,
    submission: { data: copy },
    data: copy,
    components: definition.components,
    processors: [ProcessorMap.simpleConditions, ProcessorMap.validate],
    scope: { errors },
    config: { server: true },
  } as never);
  const labels = labelsByKey(definition.components);
  return errors.map((error) => {
    const path = error.context.path ?? error.context.key ?? '';
    const label = error.context.component?.label ?? labels.get(error.context.key ?? '') ?? path;
    const custom = error.context.component?.validate?.customMessage;
    const [zh, en] = RULE_MESSAGES[error.ruleName]?.(error.context.setting) ?? ['不符合表单要求', `fails the form rule ${error.ruleName}`];
    const message = error.ruleName === 'pattern' && custom ? `${label}：${custom}` : `${label}${zh}`;
    return { field: path, message: bilingual(message, `${path} ${en}`) };
  });
}

function labelsByKey(components: FormComponent[], into = new Map<string, string>()): Map<string, string> {
  for (const component of components) {
    if (component.label) into.set(component.key, component.label);
    if (component.components) labelsByKey(component.components, into);
  }
  return into;
}
