/** Example bodies in the claim document's shape (shared/acceptance/README.md), for /api/docs. */
const invoice = {
  number: '26332000000000000101', date: '2026-10-15', kind: 'lodging', city: '杭州', amount: '716.98', taxRate: 6, tax: '43.02', total: '760.00',
  buyerName: '义乌市公安局', buyerTaxId: '11330782002580471H', sellerName: '杭州西湖宾馆有限公司', sellerTaxId: '91330100MA27Y8K3P3',
};

export const TRAVEL_CLAIM_EXAMPLE = {
  type: 'travel',
  claimant: 'zhangsan',
  budgetLine: { unit: '城西派出所', subject: '30211', fund: 'basic' },
  purpose: '赴杭州参加业务培训',
  trips: [{
    traveller: 'zhangsan', destination: '杭州', start: '2026-10-13', end: '2026-10-15',
    legs: [
      { mode: 'train', class: '二等座', from: '义乌', to: '杭州', date: '2026-10-13', fare: '47.50' },
      { mode: 'train', class: '二等座', from: '杭州', to: '义乌', date: '2026-10-15', fare: '47.50' },
    ],
    lodging: [{ city: '杭州', nights: 2, amount: '760.00', invoice: invoice.number }],
    allowances: { mealDays: 3, meal: '300.00', transportDays: 3, transport: '240.00' },
  }],
  invoices: [invoice],
};

export const EXPENSE_CLAIM_EXAMPLE = {
  type: 'expense',
  claimant: 'zhangsan',
  budgetLine: { unit: '城西派出所', subject: '30201', fund: 'basic' },
  purpose: '购置办公用品',
  items: [{ subject: '30201', description: '打印纸', amount: '113.00', invoice: '26332000000000000110', payee: '义乌市稠城办公用品有限公司' }],
  invoices: [{ ...invoice, number: '26332000000000000110', kind: 'general', city: undefined, amount: '100.00', taxRate: 13, tax: '13.00', total: '113.00', sellerName: '义乌市稠城办公用品有限公司', sellerTaxId: '91330782MA28ABC1DF' }],
};

export const TRAVEL_REQUEST_EXAMPLE = { traveller: 'zhangsan', destination: '杭州', start: '2026-10-13', end: '2026-10-15', estimate: '1500.00', purpose: '业务培训' };
