import type { Client } from 'pg';
import { isoDayInChina } from '../src/common/days';
import { buildExpenseClaim, Invoice } from './factories/claim.factory';
import { files } from './factories/file.factory';
import { qrOriginal, xmlOriginal } from './factories/original.factory';
import { ApiClient, screened } from './support/api';
import { openDatabase } from './support/database';
import { freshUnit, FreshUnit } from './support/people';

describe('e-invoice originals', () => {
  let db: Client;
  let unit: FreshUnit;

  beforeAll(async () => {
    db = await openDatabase();
    unit = await freshUnit();
  }, 120_000);

  afterAll(async () => {
    await db?.end();
  });

  // Above the example auto-approval limit of 办公费 (¥500): screening's findings are seen alone.
  const claimOf = (client: ApiClient, subject = '30201') => buildExpenseClaim({ claimant: client.username, unit: unit.name, amount: '800.00', subject });
  const ruleIds = (claim: any) => claim.findings.map((f: any) => f.ruleId).sort();

  async function file(client: ApiClient, claim: Record<string, unknown>): Promise<any> {
    const submitted = await client.post('/api/claims', claim);
    expect(submitted.status).toBe(201);
    return screened(client, submitted.body.id);
  }

  describe('intake', () => {
    it('reads a 数电票 XML original into the row it proves, each field with its source, and keeps the file', async () => {
      const invoice = claimOf(unit.staff).invoices[0] as Invoice;
      const read = await unit.staff.upload('/api/invoices/intake', { name: 'invoice.xml', bytes: xmlOriginal(invoice) });
      expect(read.status).toBe(200);
      expect(read.body.fields).toMatchObject({ number: invoice.number, issuedOn: invoice.date, amount: invoice.amount, tax: invoice.tax, total: invoice.total, buyerName: invoice.buyerName, buyerCreditCode: invoice.buyerTaxId, sellerName: invoice.sellerName });
      expect(read.body.sources).toMatchObject({ number: 'xml', total: 'xml', buyerName: 'xml' });
      expect(read.body.attachment).toMatchObject({ type: 'xml', category: 'invoice', subject: null, extracted: expect.objectContaining({ fields: expect.objectContaining({ number: invoice.number }) }) });
    });

    it('reads the QR code of a picture, and says which fields a QR cannot carry', async () => {
      const invoice = claimOf(unit.staff).invoices[0] as Invoice;
      const read = await unit.staff.upload('/api/invoices/intake', { name: 'photo.png', bytes: qrOriginal(invoice) });
      expect(read.status).toBe(200);
      expect(read.body.fields).toMatchObject({ number: invoice.number, issuedOn: invoice.date, total: invoice.total });
      expect(read.body.sources).toMatchObject({ number: 'qr', total: 'qr' });
      expect(read.body.missing).toEqual(expect.arrayContaining(['buyerName', 'sellerName']));
    });

    it('answers 422 saying what could not be read, and keeps nothing', async () => {
      const before = Number((await db.query(`SELECT count(*) AS n FROM attachment WHERE created_by = $1`, [unit.staff.username])).rows[0].n);
      const read = await unit.staff.upload('/api/invoices/intake', { name: 'blank.png', bytes: files.png() });
      expect(read.status).toBe(422);
      expect(read.body.error).toBe('INVOICE_UNREADABLE');
      expect(read.body.message).toBeTruthy();
      const after = Number((await db.query(`SELECT count(*) AS n FROM attachment WHERE created_by = $1`, [unit.staff.username])).rows[0].n);
      expect(after).toBe(before);
    });
  });

  describe('screening against originals', () => {
    it('passes a claim whose rows agree with their originals', async () => {
      const claim = claimOf(unit.staff);
      const read = await unit.staff.upload('/api/invoices/intake', { name: 'invoice.xml', bytes: xmlOriginal(claim.invoices[0] as Invoice) });
      const done = await file(unit.staff, { ...claim, attachments: [{ id: read.body.attachment.id, category: 'invoice', invoice: claim.invoices[0].number }] });
      expect(ruleIds(done)).toEqual([]);
    });

    it('returns a claim whose typed amount differs from its original, showing both values', async () => {
      const claim = claimOf(unit.staff);
      const original = claim.invoices[0] as Invoice;
      const read = await unit.staff.upload('/api/invoices/intake', { name: 'invoice.xml', bytes: xmlOriginal(original, { amount: '200.00', tax: '26.00' }) });
      const done = await file(unit.staff, { ...claim, attachments: [{ id: read.body.attachment.id, category: 'invoice', invoice: original.number }] });
      expect(done.status).toBe('RETURNED');
      const finding = done.findings.find((f: any) => f.ruleId === 'INV-ORIGINAL-MISMATCH');
      expect(finding).toBeDefined();
      expect(JSON.stringify(finding.facts)).toContain('"original":"200.00"');
      expect(JSON.stringify(finding.facts)).toContain(`"typed":"${original.amount}"`);
    });

    it('reads an original attached as a plain file when the claim is screened', async () => {
      const claim = claimOf(unit.staff);
      const original = claim.invoices[0] as Invoice;
      const upload = await unit.staff.upload('/api/attachments', { name: 'invoice.xml', bytes: xmlOriginal(original, { date: '2026-10-20' }) });
      const done = await file(unit.staff, { ...claim, attachments: [{ id: upload.body.id, category: 'invoice', invoice: original.number }] });
      expect(ruleIds(done)).toEqual(['INV-ORIGINAL-MISMATCH']);
    });

    it('warns of an electronic invoice issued since originals are required that carries none', async () => {
      const today = isoDayInChina(new Date());
      const done = await file(unit.staff, buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '800.00', date: today }));
      expect(ruleIds(done)).toEqual(['INV-NO-ORIGINAL']);
      expect(done.status).toBe('IN_APPROVAL');
    });

    it('returns a 公务接待费 claim without its 公函 and 接待清单, and passes it with them', async () => {
      const bare = claimOf(unit.staff, '30217');
      const read = await unit.staff.upload('/api/invoices/intake', { name: 'invoice.xml', bytes: xmlOriginal(bare.invoices[0] as Invoice) });
      const withOriginal = { id: read.body.attachment.id, category: 'invoice', invoice: bare.invoices[0].number };
      const missing = await file(unit.staff, { ...bare, attachments: [withOriginal] });
      expect(ruleIds(missing)).toEqual(['DOC-MISSING']);
      expect(JSON.stringify(missing.findings[0].facts)).toContain('接待清单');

      const complete = claimOf(unit.staff, '30217');
      const original = await unit.staff.upload('/api/invoices/intake', { name: 'invoice.xml', bytes: xmlOriginal(complete.invoices[0] as Invoice) });
      const letter = await unit.staff.upload('/api/attachments', { name: '公函.pdf', bytes: files.pdf() });
      const list = await unit.staff.upload('/api/attachments', { name: '接待清单.xlsx', bytes: files.pdf() });
      const passed = await file(unit.staff, {
        ...complete,
        attachments: [{ id: original.body.attachment.id, category: 'invoice', invoice: complete.invoices[0].number }, { id: letter.body.id, category: '公函' }, { id: list.body.id, category: '接待清单' }],
      });
      expect(ruleIds(passed)).toEqual([]);
    });
  });
});
