import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { maliciousProbes } from '../../test/fixtures/malicious-bpmn';
import { checkFlowSafety, expressionProblem } from './flow-safety';

const ROOT = resolve(__dirname, '..', '..');
const shipped = readdirSync(join(ROOT, 'processes')).filter((name) => name.endsWith('.bpmn')).sort();
const context = { callableProcesses: new Set(shipped.map((name) => name.replace(/\.bpmn$/, ''))) };

async function check(xml: string) {
  const { BpmnModdle } = await import('bpmn-moddle');
  const { rootElement } = await new BpmnModdle().fromXML(xml, 'bpmn:Definitions');
  return checkFlowSafety(rootElement, context);
}

describe('what a deployed flow may contain', () => {
  it.each(shipped)('accepts the shipped %s', async (name) => {
    expect(await check(readFileSync(join(ROOT, 'processes', name), 'utf8'))).toEqual([]);
  });

  it.each(maliciousProbes('unit').map((p) => [p.name, p] as const))('refuses the probe %s, naming the element in Chinese and English', async (_name, probe) => {
    const problems = await check(probe.xml);
    expect(problems).toEqual(expect.arrayContaining([expect.objectContaining({ id: probe.element })]));
    for (const problem of problems) expect(problem.message).toMatch(/[\u4e00-\u9fff].* \/ [A-Za-z"]/);
  });

  it('holds expressions to variables, literals, comparisons and && || !', () => {
    for (const ok of ['${blocking}', '${!blocking}', "${decision == 'approve' && approvalNext == 'done'}", '${amount >= 500000 || (urgent and not late)}', '#{a != null}', 'PT1H', '${x < -1}', '前缀${claimant}后缀'])
      expect([ok, expressionProblem(ok)]).toEqual([ok, null]);
    const refused: [string, RegExp][] = [
      ["${''.getClass()}", /outside the allowed expression grammar/],
      ['${bean.method()}', /"\."/],
      ['${now()}', /calling "now\(…\)"/],
      ['${execution}', /engine object/],
      ['${a[0]}', /"\["/],
      ['${a + 1}', /"\+"/],
      ['${a ? b : c}', /"\?"/],
      ['${x = 1}', /"="/],
      ['${(a}', /unbalanced/],
      ['${a b}', /"b" is not expected/],
      ['${}', /empty/],
      ['${open', /not closed/],
      ["${'}'.length()}", /"\."/],
    ];
    for (const [text, why] of refused) expect([text, expressionProblem(text)]).toEqual([text, expect.stringMatching(why)]);
  });
});
