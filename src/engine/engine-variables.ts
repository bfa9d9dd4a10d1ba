/** A process variable in the engine REST format. */
export interface EngineVariable {
  value: unknown;
  type: string;
  valueInfo?: Record<string, unknown>;
}
export type EngineVariables = Record<string, EngineVariable>;

const INT_MAX = 2 ** 31 - 1;

/** Converts plain values into typed engine variables (objects travel as JSON strings). */
export function toEngineVariables(values: Record<string, unknown>): EngineVariables {
  const out: EngineVariables = {};
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    if (value === null) out[name] = { value: null, type: 'Null' };
    else if (typeof value === 'string') out[name] = { value, type: 'String' };
    else if (typeof value === 'boolean') out[name] = { value, type: 'Boolean' };
    else if (typeof value === 'number' && Number.isInteger(value))
      out[name] = { value, type: Math.abs(value) <= INT_MAX ? 'Integer' : 'Long' };
    else if (typeof value === 'number') out[name] = { value, type: 'Double' };
    else out[name] = { value: JSON.stringify(value), type: 'Json' };
  }
  return out;
}
