/**
 * Seeds a bureau of 40 units into the running product through its API, for looking at the pages at a
 * real bureau's size: each unit with a member of staff and budget lines on 5 of 200 subjects (this
 * year's allocation, spending to date from 5 % to 115 % of it, last year's actual), and one expense
 * claim per unit, so findings, approvals and drill-downs have something to show. Units already there
 * are left as they are, so the script may run again.
 *
 *   npm run seed:bureau      against SEED_BASE_URL (default http://127.0.0.1:$PORT or :3000), demo passwords
 */
import { HttpError, ProductApi } from './support/product';

const BASE = process.env.SEED_BASE_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? 'demo';
const STAFF_PASSWORD = 'seed-password-1';
const out = (line: string) => process.stdout.write(`${line}\n`);

/** Forty units with the names a county bureau's units carry, short and long. */
const UNITS = [
  '稠城派出所', '北苑派出所', '江东派出所', '稠江派出所', '后宅派出所', '城西派出所二中队', '廿三里派出所', '福田派出所', '佛堂派出所', '赤岸镇派出所',
  '上溪派出所', '义亭派出所', '苏溪派出所', '大陈镇派出所', '前洪派出所', '国际商贸城派出所', '火车站派出所', '机场派出所', '交通警察大队', '交警大队城区中队',
  '交警大队高速公路中队', '刑事侦查大队', '治安管理大队', '网络安全保卫大队', '经济犯罪侦查大队', '禁毒大队', '出入境管理大队', '巡特警大队', '看守所', '拘留所',
  '指挥中心', '法制大队', '政治处', '警务保障室', '督察大队', '情报中心', '科技信息化科', '食品药品环境犯罪侦查大队', '反诈中心', '户政管理科',
];
const SUBJECTS_PER_UNIT = 5;
/** Two hundred subject codes: the 三公 ones among them, the rest spread over the economic classification. */
const SANGONG = ['30212', '30217', '30231'];
const SUBJECTS = [...SANGONG, ...Array.from({ length: 197 }, (_, i) => String(31000 + i * 7))];

function seeded(seed: number): () => number {
  let state = seed;
  return () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

async function main(): Promise<void> {
  const api = new ProductApi(BASE);
  const admin = await api.login('admin', DEMO_PASSWORD);
  const finance = await api.login('wangwu', DEMO_PASSWORD);
  const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
  const random = seeded(40);
  const existing = new Set((await api.call<{ code: string }[]>('GET', '/org/units', admin)).map((u) => u.code));
  let units = 0;
  let lines = 0;
  let claims = 0;
  for (const [index, name] of UNITS.entries()) {
    const code = `seed-${String(index + 1).padStart(2, '0')}`;
    if (existing.has(code)) continue;
    await api.call('POST', '/org/units', admin, { code, name });
    await api.call('POST', '/org/users', admin, { username: `seed${index + 1}`, displayName: `民警${index + 1}`, title: '民警', tier: 'other', unit: code, password: STAFF_PASSWORD });
    units += 1;
    for (let s = 0; s < SUBJECTS_PER_UNIT; s++) {
      const subject = SUBJECTS[(index * SUBJECTS_PER_UNIT + s) % SUBJECTS.length];
      const allocatedFen = Math.round(50_000 + random() * 2_000_000) * 100;
      const spentFen = Math.round(allocatedFen * (0.05 + random() * 1.1));
      await api.call('POST', '/budgets', finance, {
        unit: code, year, subject, fund: 'basic', mode: 'WARN',
        allocated: yuan(allocatedFen),
        spentThisYear: yuan(Math.min(spentFen, allocatedFen)),
        lastYearActual: yuan(Math.round(allocatedFen * (0.6 + random() * 0.5))),
      });
      lines += 1;
    }
    // The office-supplies line the claim spends on.
    await api.call('POST', '/budgets', finance, { unit: code, year, subject: '30201', fund: 'basic', mode: 'ALLOW', allocated: '200000.00' });
    const staff = await api.login(`seed${index + 1}`, STAFF_PASSWORD);
    const amountFen = Math.round(200 + random() * 4000) * 100;
    const netFen = Math.round(amountFen / 1.13);
    const invoice = `2633${String(Date.now()).slice(-8)}${String(index).padStart(8, '0')}`;
    // Every fifth claim's tax does not add up, so findings and returns show on the dashboards.
    const taxFen = amountFen - netFen + (index % 5 === 0 ? 100 : 0);
    await api.call('POST', '/claims', staff, {
      type: 'expense', claimant: `seed${index + 1}`, budgetLine: { unit: name, subject: '30201', fund: 'basic' }, purpose: `${name}购置办公用品`,
      items: [{ subject: '30201', description: '办公用品', amount: yuan(amountFen), invoice, payee: '义乌市稠城办公用品有限公司' }],
      invoices: [{ number: invoice, date: `${year}-01-15`, kind: 'general', amount: yuan(netFen), taxRate: 13, tax: yuan(taxFen), total: yuan(amountFen), buyerName: '义乌市公安局', buyerTaxId: '11330782002580471H', sellerName: '义乌市稠城办公用品有限公司', sellerTaxId: '91330782MA28ABC1DF' }],
    }).catch((error: HttpError) => out(`claim of ${name} refused: ${error.message}`));
    claims += 1;
  }
  out(`seeded ${units} units, ${lines} budget lines on ${Math.min(SUBJECTS.length, UNITS.length * SUBJECTS_PER_UNIT)} subjects and ${claims} claims into ${BASE} (${existing.size} units were there already)`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
