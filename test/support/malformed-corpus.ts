/**
 * Generates bad requests from the API's own description (OpenAPI at /api/docs/openapi.json), so a
 * new route or field is probed without an edit here: every field of every JSON request body and
 * every query parameter of every route is tried with wrong types, out-of-range values and wrong
 * shapes (a string where an object or a list belongs, a list where a text belongs). Each body holds
 * only the one bad field, so no case can pass validation and write anything.
 */
export interface GeneratedCase {
  name: string;
  method: string;
  path: string;
  body?: string;
}

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  format?: string;
  enum?: unknown[];
  pattern?: string;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
};
interface Operation { parameters?: { name: string; in: string; schema?: Schema }[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }
export interface OpenApi { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } }

const SOME_UUID = '6f1c2a52-0000-4000-8000-000000000000';
/** Routes whose side effect is the call itself (signing out revokes the caller's token). */
const SKIPPED = new Set(['POST /api/auth/logout']);

/** Wrong values for a field of this schema: other types, values past its bounds, wrong shapes. */
function badValues(schema: Schema): unknown[] {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type ?? (schema.properties ? 'object' : undefined);
  const values: unknown[] = [];
  switch (type) {
    case 'string':
      values.push(7, true, ['x'], { x: 1 });
      if (schema.maxLength !== undefined) values.push('x'.repeat(schema.maxLength + 1));
      if (schema.minLength && schema.minLength > 0) values.push('');
      if (schema.format === 'date' || /\\d\{4\}-/.test(schema.pattern ?? '')) values.push('0000-01-01', '2026-02-30', '10000-01-01');
      if (schema.enum) values.push('not-one-of-them');
      break;
    case 'integer':
    case 'number':
      values.push('abc', true, [1], { n: 1 }, '1e400');
      if (type === 'integer') values.push(1.5);
      if (schema.minimum !== undefined) values.push(schema.minimum - 1, -1e308);
      if (schema.maximum !== undefined) values.push(schema.maximum + 1, 1e308);
      break;
    case 'boolean':
      values.push('maybe', 2, [true], { b: true });
      break;
    case 'array': {
      // Items of the wrong kind for this list: a text where objects belong, a number where texts belong.
      const items = schema.items?.type ?? (schema.items?.$ref || schema.items?.properties ? 'object' : undefined);
      values.push('x', 5, { 0: 'x' }, [null], [[]]);
      if (items !== 'string') values.push(['x']);
      if (items !== 'number' && items !== 'integer') values.push([5]);
      break;
    }
    case 'object':
      values.push('x', 5, ['x'], true);
      break;
    default:
      values.push({ deeply: { nested: ['x'] } });
  }
  return values;
}

/** Wrong values for a query parameter: only what its schema rules out (a free text takes most things). */
function badQueryValues(schema: Schema): string[] {
  const values = ['%00'];
  if (schema.type === 'integer' || schema.type === 'number') {
    values.push('abc', '1e400', 'NaN', 'Infinity', '');
    if (schema.type === 'integer') values.push('1.5');
    if (schema.minimum !== undefined) values.push(String(schema.minimum - 1));
    if (schema.maximum !== undefined) values.push(String(schema.maximum + 1));
  } else if (schema.type === 'boolean') {
    values.push('maybe');
  } else {
    if (schema.enum) values.push('not-one-of-them');
    if (schema.format === 'date' || /\\d\{4\}-/.test(schema.pattern ?? '')) values.push('2026-02-30', 'yesterday', '0000-01-01');
    if (schema.maxLength !== undefined) values.push('x'.repeat(schema.maxLength + 1));
  }
  return values;
}

/** Every field path of a schema (nested objects and the first item of lists), with its schema. */
function fields(api: OpenApi, schema: Schema, path: (string | number)[] = [], depth = 0): { path: (string | number)[]; schema: Schema }[] {
  const resolved = resolve(api, schema);
  const out: { path: (string | number)[]; schema: Schema }[] = path.length ? [{ path, schema: resolved }] : [];
  if (depth > 3) return out;
  for (const [name, child] of Object.entries(resolved.properties ?? {})) out.push(...fields(api, child, [...path, name], depth + 1));
  if (resolved.items && path.length) out.push(...fields(api, resolved.items, [...path, 0], depth + 1).filter((f) => f.path.length > path.length));
  return out;
}

function resolve(api: OpenApi, schema: Schema): Schema {
  if (schema.$ref) return resolve(api, api.components?.schemas?.[schema.$ref.split('/').pop()!] ?? {});
  const parts = schema.allOf ?? schema.oneOf ?? schema.anyOf;
  if (parts) return parts.map((part) => resolve(api, part)).reduce((a, b) => ({ ...a, ...b, properties: { ...a.properties, ...b.properties } }), {});
  return schema;
}

/** `{}` with only `value` at `path`. */
function bodyWith(path: (string | number)[], value: unknown): unknown {
  return path.reduceRight<unknown>((inner, key) => (typeof key === 'number' ? [inner] : { [key]: inner }), value);
}

const pathLabel = (path: (string | number)[]) => path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').slice(1);

export function generateCorpus(api: OpenApi): GeneratedCase[] {
  const cases: GeneratedCase[] = [];
  for (const [template, operations] of Object.entries(api.paths)) {
    const path = template.replace(/\{[^}]+\}/g, SOME_UUID);
    for (const [method, operation] of Object.entries(operations)) {
      const verb = method.toUpperCase();
      if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(verb) || SKIPPED.has(`${verb} ${template}`)) continue;
      const body = operation.requestBody?.content?.['application/json']?.schema;
      if (body) {
        for (const field of fields(api, body)) {
          for (const value of badValues(field.schema)) {
            cases.push({ name: `${verb} ${template} ${pathLabel(field.path)}=${JSON.stringify(value).slice(0, 40)}`, method: verb, path, body: JSON.stringify(bodyWith(field.path, value)) });
          }
        }
      }
      if (verb !== 'GET') continue;
      for (const parameter of (operation.parameters ?? []).filter((p) => p.in === 'query')) {
        const values = badQueryValues(resolve(api, parameter.schema ?? {}));
        const queries = [...values.map((v) => `${parameter.name}=${v}`), `${parameter.name}[]=1`, `${parameter.name}[a]=1`];
        for (const query of queries) cases.push({ name: `GET ${template}?${query.slice(0, 60)}`, method: 'GET', path: `${path}?${query}` });
      }
    }
  }
  return cases;
}
