import { JSONPath } from 'jsonpath-plus';

/** `$.a.b.c`: the paths the rule sets use, walked without JSONPath. */
const DOTTED = /^\$(\.[A-Za-z_][A-Za-z0-9_]*)+$/;

/**
 * json-rules-engine's path resolver, answering as its default (JSONPath, unwrapped) does. A dotted
 * path through plain objects is walked directly: the default throws and catches an Error for every
 * scalar it returns (jsonpath-plus's way of unwrapping), about a millisecond per claim screened.
 * Anything else — arrays on the way, filters, wildcards — still goes to JSONPath.
 */
export function resolveFactPath(value: unknown, path: string): unknown {
  if (!DOTTED.test(path)) return JSONPath({ path, json: value as object, wrap: false });
  let current = value;
  for (const key of path.slice(2).split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return JSONPath({ path, json: value as object, wrap: false });
    if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
