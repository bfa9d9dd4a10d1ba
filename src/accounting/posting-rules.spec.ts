import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUSINESS_EVENT_KINDS } from '../business-events/business-event';
import { ACCOUNTING_DATA_DIR, ChartOfAccounts } from './chart';
import { book, imbalance, PostingRuleSet, ruleProblems } from './posting-rules';
import { sampleEvents } from './posting-rules.service';

const shipped = JSON.parse(readFileSync(join(ACCOUNTING_DATA_DIR, 'posting-rules.json'), 'utf8')) as PostingRuleSet;
const chart = ChartOfAccounts.load();
const claimPaid = (method: 'authorized' | 'card' | 'direct', line: Record<string, unknown> = {}) => ({
  kind: 'claim-paid' as const,
  method,
  summary: '张三 报销差旅费',
  lines: [{ amountFen: 71_698, unit: 'chengxi', economicCode: '30211', functionalCode: '2040201', fund: 'basic' as const, person: 'zhangsan', ...line }],
});

describe('posting rules', () => {
  it('ship a chart with every subject the default rules and an administrative unit use', () => {
    for (const code of ['1001', '1002', '1011', '1021', '1201', '1212', '1214', '1218', '1601', '1602', '1611', '2001', '2101', '2201', '2301', '2302', '2307', '3001', '3101', '3301', '4001', '4601', '4602', '4603', '4609', '5001', '5101', '5201', '5301', '5801', '6001', '6101', '6401', '6501', '6609', '7101', '7201', '7301', '7401', '7601', '7701', '7901', '8001', '8101', '8201', '8301', '8401', '8501', '8701']) {
      expect(chart.account(code)).toBeDefined();
    }
    expect(chart.account('5001')).toMatchObject({ book: 'financial', direction: 'debit', requires: ['unit', 'economicCode'] });
    expect(chart.account('8001')).toMatchObject({ book: 'budget', direction: 'debit' });
    expect(chart.economicName('30211')).toBe('差旅费');
    expect(chart.functionalName('2040201')).toBe('行政运行');
  });

  it('shipped rules are well formed and book every sample event balanced in both books', () => {
    expect(ruleProblems(shipped.rules, chart, BUSINESS_EVENT_KINDS)).toEqual([]);
    for (const sample of sampleEvents()) {
      const booking = book(shipped, sample);
      expect({ sample: sample.label, ok: booking.ok }).toEqual({ sample: sample.label, ok: true });
      if (booking.ok) expect({ sample: sample.label, imbalance: imbalance(booking.entries) }).toEqual({ sample: sample.label, imbalance: null });
    }
  });

  it('books a claim paid by 授权支付 Dr 5001 / Cr 1011 and Dr 7101 / Cr 8001 with its dimensions', () => {
    const booking = book(shipped, claimPaid('authorized'));
    expect(booking.ok && booking.entries.map((e) => [e.book, e.subjectCode, e.debitFen, e.creditFen, e.economicCode, e.person])).toEqual([
      ['financial', '5001', 71_698, 0, '30211', 'zhangsan'],
      ['financial', '1011', 0, 71_698, null, null],
      ['budget', '7101', 71_698, 0, '30211', null],
      ['budget', '8001', 0, 71_698, null, null],
    ]);
  });

  it('credits 4001 / 6001 for a treasury direct payment and books 公务卡 repayment like 授权支付', () => {
    const direct = book(shipped, claimPaid('direct'));
    expect(direct.ok && direct.entries.map((e) => e.subjectCode)).toEqual(['5001', '4001', '7101', '6001']);
    const card = book(shipped, claimPaid('card'));
    expect(card.ok && card.entries.map((e) => e.subjectCode)).toEqual(['5001', '1011', '7101', '8001']);
  });

  it('books depreciation and the period-end accrual with no budget entry', () => {
    const depreciation = book(shipped, { kind: 'depreciation', summary: '折旧', lines: [{ amountFen: 1000, unit: 'chengxi', economicCode: '30299' }] });
    expect(depreciation.ok && depreciation.entries.map((e) => `${e.book}:${e.subjectCode}`)).toEqual(['financial:5001', 'financial:1602']);
    const accrual = book(shipped, { kind: 'period-end-accrual', summary: '计提', lines: [{ amountFen: 1000, unit: 'chengxi', economicCode: '30211', person: 'zhangsan' }] });
    expect(accrual.ok && accrual.entries.map((e) => `${e.book}:${e.subjectCode}`)).toEqual(['financial:5001', 'financial:2307']);
  });

  it('books an asset disposal by the part of each line: depreciation and net value written off against cost, proceeds owed to the treasury, no budget entry', () => {
    const line = (part: string, amountFen: number) => ({ amountFen, unit: 'chengxi', economicCode: '31002', part });
    const sale = book(shipped, { kind: 'asset-disposed', summary: '出售', lines: [line('depreciation', 150_000), line('net-value', 450_000), line('proceeds', 80_000)] });
    expect(sale.ok && sale.entries.map((e) => [e.book, e.subjectCode, e.debitFen, e.creditFen])).toEqual([
      ['financial', '1602', 150_000, 0], ['financial', '1601', 0, 150_000],
      ['financial', '5301', 450_000, 0], ['financial', '1601', 0, 450_000],
      ['financial', '1002', 80_000, 0], ['financial', '2103', 0, 80_000],
    ]);
    const free = book(shipped, { kind: 'asset-disposed', summary: '无偿调出', lines: [line('net-value-free-transfer', 1_000)] });
    expect(free.ok && free.entries.map((e) => `${e.subjectCode}:${e.debitFen}:${e.creditFen}`)).toEqual(['3401:1000:0', '1601:0:1000']);
  });

  it('says which line no rule matches', () => {
    const booking = book(shipped, { kind: 'asset-disposed', summary: '报废', lines: [{ amountFen: 1, unit: 'chengxi', economicCode: '31002' }] });
    expect(booking).toMatchObject({ ok: false, reasonEn: expect.stringContaining('line 1 of the asset-disposed event') });
  });

  it('finds the first unbalanced book', () => {
    const oneSided = { rules: [{ id: 'x', label: 'x', event: 'claim-paid', entries: [{ book: 'financial' as const, side: 'debit' as const, subject: '5001', dimensions: ['unit' as const, 'economicCode' as const] }, { book: 'financial' as const, side: 'credit' as const, subject: '1011', dimensions: ['unit' as const] }, { book: 'budget' as const, side: 'debit' as const, subject: '7101', dimensions: ['unit' as const, 'economicCode' as const] }] }] };
    const booking = book(oneSided, claimPaid('authorized'));
    expect(booking.ok && imbalance(booking.entries)).toEqual({ book: 'budget', debitFen: 71_698, creditFen: 0 });
  });

  it('refuses rules naming an unknown subject, the wrong book or leaving out a required dimension', () => {
    const problems = ruleProblems(
      [
        { id: 'a', label: 'a', event: 'claim-paid', entries: [{ book: 'financial', side: 'debit', subject: '9999', dimensions: [] }] },
        { id: 'b', label: 'b', event: 'claim-paid', entries: [{ book: 'budget', side: 'debit', subject: '5001', dimensions: ['unit', 'economicCode'] }] },
        { id: 'c', label: 'c', event: 'claim-paid', entries: [{ book: 'financial', side: 'debit', subject: '5001', dimensions: ['unit'] }] },
        { id: 'c', label: 'd', event: 'no-such-event', entries: [] },
      ],
      chart,
      BUSINESS_EVENT_KINDS,
    );
    expect(problems.map((p) => p.field)).toEqual(['rules[0].entries[0].subject', 'rules[1].entries[0].book', 'rules[2].entries[0].dimensions', 'rules[3].id', 'rules[3].event']);
  });
});
