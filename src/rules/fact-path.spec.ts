import { JSONPath } from 'jsonpath-plus';
import { resolveFactPath } from './fact-path';

describe('resolveFactPath', () => {
  const cases: [unknown, string][] = [
    [{ a: { b: 3 } }, '$.a.b'],
    [{ a: { b: 0 } }, '$.a.b'],
    [{ a: { b: null } }, '$.a.b'],
    [{ a: null }, '$.a.b'],
    [{ a: 'text' }, '$.a.b'],
    [{}, '$.a'],
    [{ a: [1, 2] }, '$.a'],
    [{ a: [] }, '$.a'],
    [{ a: [[1]] }, '$.a'],
    [{ a: false }, '$.a'],
    [{ a: [{ b: 1 }, { b: 2 }] }, '$.a.b'],
    [{ a: 'xy' }, '$.a.length'],
    [[5, 6], '$.length'],
    [{ a: [{ b: 1 }, { b: 2 }] }, '$.a[1].b'],
    [{ a: { b: 1, c: 2 } }, '$.a.*'],
    [{ 'a-b': 1 }, '$.a-b'],
  ];

  it.each(cases)('answers %j at %s as JSONPath does', (value, path) => {
    expect(resolveFactPath(value, path)).toEqual(JSONPath({ path, json: value as object, wrap: false }));
  });

  it('does not read inherited properties', () => {
    expect(resolveFactPath({ a: {} }, '$.a.constructor')).toBeUndefined();
    expect(resolveFactPath({}, '$.toString')).toBeUndefined();
  });
});
