import { defaultWorld, loadRules } from '../../test/support/rules-harness';
import { RuleSetError } from './rules.service';

describe('RulesService versions', () => {
  const load = () => loadRules(() => defaultWorld());

  it('stores each shipped file once, however often it is loaded', async () => {
    const { rules, store } = await load();
    await rules.loadAll();
    expect(store.rows.filter((r) => r.definition.set === 'routing')).toHaveLength(1);
  });

  it('screens with the version in force on the submission day', async () => {
    const { rules } = await load();
    const current = rules.inForce('routing', '2026-11-23');
    const next = await rules.addVersion({ ...current, effectiveFrom: '2027-01-01', data: { ...current.data, thresholdsFen: { finance: 300000, deputyChief: 2000000, chief: 5000000 } } }, 'admin');
    expect(next.version).toBe(current.version + 1);
    expect(rules.inForce('routing', '2026-12-31').version).toBe(current.version);
    expect(rules.inForce('routing', '2027-01-01').version).toBe(next.version);
  });

  it('puts a version another API instance stored in force at its next check, and reloads nothing otherwise', async () => {
    const { rules, store } = await load();
    expect(await rules.reloadIfChanged()).toBe(false);
    const current = rules.inForce('routing', '2026-11-23');
    // Another instance writes straight to the shared store; this one has not heard of it.
    store.rows.push({ definition: { ...current, version: current.version + 1, effectiveFrom: '2026-11-01' }, createdBy: 'admin', createdAt: new Date() });
    expect(rules.inForce('routing', '2026-11-23').version).toBe(current.version);
    expect(await rules.reloadIfChanged()).toBe(true);
    expect(rules.inForce('routing', '2026-11-23').version).toBe(current.version + 1);
  });

  it('takes the first version for a day before every version', async () => {
    const { rules } = await load();
    expect(rules.inForce('claim', '2020-01-01').version).toBe(1);
  });

  it('refuses a version naming an unknown fact, saying which', async () => {
    const { rules } = await load();
    const current = rules.inForce('routing', '2026-11-23');
    const bad = { ...current, rules: [{ ...current.rules[0], conditions: { all: [{ fact: 'amountt', operator: 'greaterThan', value: 1 }] } }] };
    await expect(rules.addVersion(bad, 'admin')).rejects.toThrow(/unknown fact "amountt"/);
  });

  it.each([
    ['a leaf that is a string', { all: ['amount'] }, 'rules[0].conditions.all[0]'],
    ['a list that is a number', { all: [{ any: 5 }] }, 'rules[0].conditions.all[0].any'],
    ['a negation that is a string', { not: 'x' }, 'rules[0].conditions.not'],
    ['an empty leaf', { any: [{}] }, 'rules[0].conditions.any[0]'],
    ['a fact that is a number', { all: [{ fact: 7, operator: 'equal', value: 1 }] }, 'rules[0].conditions.all[0].fact'],
    ['a root without all, any or not', { fact: 'amount', operator: 'equal', value: 1 }, 'rules[0].conditions'],
    ['conditions that are a string', 'amount > 1', 'rules[0].conditions'],
  ])('refuses %s in the conditions, naming its path', async (_what, conditions, path) => {
    const { rules } = await load();
    const current = rules.inForce('routing', '2026-11-23');
    const bad = { ...current, rules: [{ ...current.rules[0], conditions }] } as unknown as typeof current;
    await expect(rules.addVersion(bad, 'admin')).rejects.toMatchObject({ path });
  });

  it('refuses an adjust finding without the amount to cut', async () => {
    const { rules } = await load();
    const current = rules.inForce('standards', '2026-11-23');
    const rule = current.rules[0];
    const bad = { ...current, rules: [{ ...rule, event: { type: 'finding', params: { ...(rule.event.params as object), adjustBy: undefined } } }] };
    await expect(rules.addVersion(bad, 'admin')).rejects.toBeInstanceOf(RuleSetError);
  });

  it('lists every set with its versions', async () => {
    const { rules } = await load();
    expect(rules.list().map((s) => s.set).sort()).toEqual(['asset', 'asset-disposal', 'budget', 'claim', 'contract', 'contract-payment', 'documents', 'invoice', 'payment', 'procurement', 'routing', 'standards', 'stocktake', 'trip']);
  });
});
