import type { Subject, SubjectKind } from './subject';
import { SubjectRegistry } from './subject-registry';

const subject = (kind: string, id: string, processInstanceId: string): Subject => ({
  kind, id, processInstanceId, submitter: 'zhangsan', submitterName: '张三', unitCode: 'cx', unitName: '城西派出所', amountFen: 100,
  title: id, status: 'PENDING', submittedOn: '2026-12-01', link: `/${kind}/${id}`, chain: null, clean: true,
});

/** A kind whose records live in a list, counting how often it is asked. */
function kindOf(kind: string, processKeys: string[], records: Subject[]): SubjectKind & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    kind, label: { zh: kind, en: kind }, processKeys, calls,
    linkOf: (id) => `/${kind}/${id}`,
    load: async (ids) => (calls.push(ids), records.filter((r) => ids.includes(r.id))),
    loadByInstances: async (ids) => (calls.push(ids), records.filter((r) => ids.includes(r.processInstanceId!))),
    assertVisible: async () => undefined,
  };
}

describe('the subject registry', () => {
  it('refuses a kind registered twice and a process key two kinds claim', () => {
    const registry = new SubjectRegistry();
    registry.register(kindOf('a', ['flow-a'], []));
    expect(() => registry.register(kindOf('a', ['flow-x'], []))).toThrow(/registered twice/);
    expect(() => registry.register(kindOf('b', ['flow-a'], []))).toThrow(/already decides a/);
  });

  it('answers an unknown kind with a not-found domain error', () => {
    expect(() => new SubjectRegistry().get('nothing')).toThrow(expect.objectContaining({ code: 'SUBJECT_KIND_UNKNOWN' }));
  });

  it('finds the subjects of engine instances asking each kind once, by the process key', async () => {
    const registry = new SubjectRegistry();
    const claims = kindOf('claim', ['claim-flow'], [subject('claim', 'c1', 'p1'), subject('claim', 'c2', 'p2')]);
    const requests = kindOf('request', ['request-flow'], [subject('request', 'r1', 'p3')]);
    registry.register(claims);
    registry.register(requests);
    const found = await registry.byInstances([
      { processInstanceId: 'p1', processDefinitionKey: 'claim-flow' },
      { processInstanceId: 'p2', processDefinitionKey: 'claim-flow' },
      { processInstanceId: 'p3', processDefinitionKey: 'request-flow' },
    ]);
    expect([...found].map(([instance, s]) => [instance, s.id])).toEqual([['p1', 'c1'], ['p2', 'c2'], ['p3', 'r1']]);
    expect(claims.calls).toEqual([['p1', 'p2']]);
    expect(requests.calls).toEqual([['p3']]);
  });

  it('looks for an instance of a process key no kind names among every kind', async () => {
    const registry = new SubjectRegistry();
    const claims = kindOf('claim', ['claim-flow'], [subject('claim', 'c1', 'p1')]);
    registry.register(claims);
    registry.register(kindOf('request', ['request-flow'], []));
    const found = await registry.byInstances([{ processInstanceId: 'p1', processDefinitionKey: 'claim-flow-renamed-by-an-administrator' }]);
    expect(found.get('p1')?.id).toBe('c1');
  });

  it('loads subjects of several kinds by reference and leaves out unknown kinds and missing records', async () => {
    const registry = new SubjectRegistry();
    registry.register(kindOf('claim', ['claim-flow'], [subject('claim', 'c1', 'p1')]));
    const found = await registry.loadMany([{ kind: 'claim', id: 'c1' }, { kind: 'claim', id: 'gone' }, { kind: 'nothing', id: 'x' }]);
    expect([...found.keys()]).toEqual(['claim:c1']);
  });

  it('gathers the links of every contributor for the subject’s kind only', async () => {
    const registry = new SubjectRegistry();
    const link = (id: string) => ({ relation: 'invoice', kind: null, id, title: id, fields: {}, link: null });
    registry.contributeLinks({ kinds: ['claim'], links: async () => [link('i1')] });
    registry.contributeLinks({ kinds: ['claim', 'request'], links: async () => [link('i2')] });
    registry.contributeLinks({ kinds: ['request'], links: async () => [link('i3')] });
    const links = await registry.linksOf(subject('claim', 'c1', 'p1'), {} as never);
    expect(links.map((l) => l.id)).toEqual(['i1', 'i2']);
  });
});
