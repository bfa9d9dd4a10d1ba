import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../common/project-root';
import { formFieldErrors } from './form-validation';
import type { FormDefinition } from './form-version.entity';

const form = (name: string) => JSON.parse(readFileSync(join(PROJECT_ROOT, 'forms', `${name}.json`), 'utf8')) as FormDefinition;
const request = () => ({ traveller: 'zhangsan', destination: '杭州', start: '2026-10-13', end: '2026-10-15', estimate: '1500.00', purpose: '业务培训' });

describe('formFieldErrors', () => {
  it('accepts a complete travel request', () => {
    expect(formFieldErrors(form('travel-request'), request())).toEqual([]);
  });

  it('names a missing required field by its path and its Chinese label, with English beside it', () => {
    const { purpose: _purpose, ...withoutPurpose } = request();
    expect(formFieldErrors(form('travel-request'), withoutPurpose)).toEqual([{ field: 'purpose', message: '出差事由必填 / purpose is required' }]);
  });

  it("uses the form's own message for a pattern it defines", () => {
    const errors = formFieldErrors(form('travel-request'), { ...request(), estimate: '12.345' });
    expect(errors).toEqual([{ field: 'estimate', message: '预计费用：金额应为元，最多两位小数，如 123.45 / estimate has the wrong format' }]);
  });

  it('finds fields inside edit grids and data grids by their full path', () => {
    const claim = {
      type: 'expense',
      claimant: 'zhangsan',
      budgetLine: { unit: '城西派出所', subject: '30201', fund: 'basic' },
      purpose: '购置办公用品',
      items: [{ subject: '30201', description: '办公用品', amount: '113.00', invoice: '26330000000000000001', payee: '' }],
      invoices: [],
    };
    const errors = formFieldErrors(form('expense-claim'), claim);
    expect(errors.map((e) => e.field)).toEqual(['items[0].payee', 'invoices']);
  });

  it('does not change the data it checks', () => {
    const data = { ...request(), estimate: '1500' };
    formFieldErrors(form('travel-request'), data);
    expect(data).toEqual({ ...request(), estimate: '1500' });
  });
});
