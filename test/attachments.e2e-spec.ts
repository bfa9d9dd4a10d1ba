import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from 'pg';
import { buildExpenseClaim } from './factories/claim.factory';
import { files } from './factories/file.factory';
import { TEST_DATA_DIR } from './setup/stack';
import { ApiClient, screened } from './support/api';
import { openDatabase } from './support/database';
import { financeClient, freshUnit, FreshUnit } from './support/people';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const blobPath = (hash: string) => join(TEST_DATA_DIR, 'attachments', hash.slice(0, 2), hash.slice(2, 4), hash);
/** The folder storage's blobs, for "nothing was kept" (the e2e stack runs on the default, a folder). */
const storedBlobs = (): number => {
  const root = join(TEST_DATA_DIR, 'attachments');
  if (!existsSync(root)) return 0;
  return readdirSync(root, { recursive: true }).filter((name) => /[0-9a-f]{64}$/.test(String(name))).length;
};

describe('attachments', () => {
  let db: Client;
  let unit: FreshUnit;
  let other: FreshUnit;

  beforeAll(async () => {
    db = await openDatabase();
    [unit, other] = await Promise.all([freshUnit(), freshUnit()]);
  }, 120_000);

  afterAll(async () => {
    await db?.end();
  });

  const rowsOf = async (username: string): Promise<number> => Number((await db.query(`SELECT count(*) AS n FROM attachment WHERE created_by = $1`, [username])).rows[0].n);

  /** Files an expense claim carrying the given uploaded files; returns its id once screened. */
  async function claimWith(client: ApiClient, attachments: { id: string; category?: string; invoice?: string }[]): Promise<string> {
    const claim = { ...buildExpenseClaim({ claimant: client.username, unit: unit.name, amount: '300.00' }), attachments };
    const submitted = await client.post('/api/claims', claim);
    expect(submitted.status).toBe(201);
    await screened(client, submitted.body.id);
    return submitted.body.id;
  }

  describe('uploading', () => {
    it.each([
      ['a PDF', 'scan.pdf', files.pdf(), 'pdf'],
      ['a PNG named .jpg', 'photo.jpg', files.png(), 'png'],
      ['an XML original', '发票.xml', files.xml(), 'xml'],
      ['an OFD', 'invoice.ofd', files.ofd(), 'ofd'],
    ])('keeps %s, typed by its bytes, under its SHA-256', async (_label, name, bytes, type) => {
      const uploaded = await unit.staff.upload('/api/attachments', { name, bytes });
      expect(uploaded.status).toBe(201);
      expect(uploaded.body).toMatchObject({ fileName: name, type, size: bytes.length, sha256: sha256(bytes), subject: null, createdBy: unit.staff.username });
      expect(existsSync(blobPath(sha256(bytes)))).toBe(true);
    });

    it('stores the same bytes once however often they are uploaded', async () => {
      const bytes = files.xml(`<EInvoice><Note>样例 ${randomBytes(8).toString('hex')}</Note></EInvoice>`);
      const first = await unit.staff.upload('/api/attachments', { name: 'a.xml', bytes });
      const second = await unit.head.upload('/api/attachments', { name: 'b.xml', bytes });
      expect([first.status, second.status]).toEqual([201, 201]);
      expect(first.body.id).not.toBe(second.body.id);
      const blobs = await db.query(`SELECT count(*) AS n FROM attachment_blob WHERE id = $1`, [sha256(bytes)]);
      expect(Number(blobs.rows[0].n)).toBe(1);
    });

    it.each([
      ['a renamed executable', 'invoice.pdf', files.executable(), 'ATTACHMENT_REFUSED', 'type'],
      ['an OFD that expands to 300 MB', 'bomb.ofd', files.zipBomb(), 'ATTACHMENT_REFUSED', 'expansion'],
      ['an XML declaring entities', 'billion.xml', files.xmlWithEntities(), 'ATTACHMENT_REFUSED', 'xml-dtd'],
      ['a file over 20 MB', 'big.pdf', Buffer.concat([files.pdf(), randomBytes(20 * 1024 * 1024)]), 'ATTACHMENT_TOO_LARGE', 'size'],
      ['an empty file', 'empty.pdf', Buffer.alloc(0), 'ATTACHMENT_REFUSED', 'empty'],
    ])('refuses %s with a 4xx naming the file and why, keeping nothing', async (_label, name, bytes, code, reason) => {
      const rowsBefore = await rowsOf(unit.staff.username);
      const blobsBefore = storedBlobs();
      const refused = await unit.staff.upload('/api/attachments', { name, bytes });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ error: code, field: 'file', fileName: name, reason });
      expect(refused.body.message).toContain(name);
      expect(refused.body.messageEn).toContain(name);
      expect(await rowsOf(unit.staff.username)).toBe(rowsBefore);
      expect(storedBlobs()).toBe(blobsBefore);
    });

    it('asks for the file field when a request carries none', async () => {
      const form = await unit.staff.call('POST', '/api/attachments', { file: 'not a file' });
      expect(form.status).toBe(400);
      expect(form.body).toMatchObject({ error: 'UPLOAD_MALFORMED', field: 'file' });
    });
  });

  describe('who sees them', () => {
    it('binds the files a claim names to it, and lists them to whoever may see the claim', async () => {
      const original = await unit.staff.upload('/api/attachments', { name: '发票原件.pdf', bytes: files.pdf() });
      const notice = await unit.staff.upload('/api/attachments', { name: '会议通知.png', bytes: files.png() });
      const claimId = await claimWith(unit.staff, [{ id: original.body.id, category: 'invoice', invoice: 'ignored-here' }, { id: notice.body.id, category: '会议通知' }]);

      for (const reader of [unit.staff, unit.head, await financeClient()]) {
        const listed = await reader.get(`/api/subjects/expense-claim/${claimId}/attachments`);
        expect(listed.status).toBe(200);
        expect(listed.body.map((a: any) => [a.fileName, a.category])).toEqual([['发票原件.pdf', 'invoice'], ['会议通知.png', '会议通知']]);
      }
      const download = await unit.head.download(`/api/attachments/${notice.body.id}/content`);
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe('image/png');
      expect(sha256(download.bytes)).toBe(sha256(files.png()));

      const audit = await db.query(`SELECT actor, after FROM audit_event WHERE entity = 'attachment' AND entity_id = $1 ORDER BY id`, [notice.body.id]);
      expect(audit.rows[0]).toMatchObject({ actor: unit.staff.username, after: expect.objectContaining({ sha256: sha256(files.png()), size: files.png().length, media_type: 'image/png', created_by: unit.staff.username }) });
      expect(audit.rows.at(-1).after).toMatchObject({ subject_kind: 'expense-claim', subject_id: claimId });
    });

    it("answers 404 for another unit's claim's attachments, listing or downloading", async () => {
      const file = await unit.staff.upload('/api/attachments', { name: 'x.pdf', bytes: files.pdf() });
      const claimId = await claimWith(unit.staff, [{ id: file.body.id }]);
      expect((await other.staff.get(`/api/subjects/expense-claim/${claimId}/attachments`)).status).toBe(404);
      expect((await other.staff.get(`/api/attachments/${file.body.id}`)).status).toBe(404);
      expect((await other.staff.download(`/api/attachments/${file.body.id}/content`)).status).toBe(404);
      expect((await other.head.download(`/api/attachments/${file.body.id}/content`)).status).toBe(404);
    });

    it('keeps a file uploaded for a claim not yet filed to its uploader, and refuses it in anyone else\'s claim', async () => {
      const file = await unit.staff.upload('/api/attachments', { name: 'mine.pdf', bytes: files.pdf() });
      expect((await unit.head.get(`/api/attachments/${file.body.id}`)).status).toBe(404);
      const claim = { ...buildExpenseClaim({ claimant: unit.head.username, unit: unit.name, amount: '120.00' }), attachments: [{ id: file.body.id }] };
      const refused = await unit.head.post('/api/claims', claim);
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body)).toContain('attachments[0].id');
      const filed = await db.query(`SELECT count(*) AS n FROM claim c JOIN app_user u ON u.id = c.claimant_id WHERE u.username = $1`, [unit.head.username]);
      expect(Number(filed.rows[0].n)).toBe(0);
    });

    it('downloads under a safe name whatever the file was called', async () => {
      const name = 'a";filename=evil.exe\r\n.pdf';
      const file = await unit.staff.upload('/api/attachments', { name, bytes: files.pdf() });
      expect(file.status).toBe(201);
      const download = await unit.staff.download(`/api/attachments/${file.body.id}/content`);
      const disposition = download.headers.get('content-disposition') ?? '';
      expect(disposition).toMatch(/^attachment; filename="[^";\r\n]*\.pdf"; filename\*=UTF-8''[A-Za-z0-9%._~-]+$/);
      expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    });
  });

  describe('replacing', () => {
    it('supersedes an attachment with a new one and keeps both in the history', async () => {
      const first = await unit.staff.upload('/api/attachments', { name: '签到表.png', bytes: files.png() });
      const claimId = await claimWith(unit.staff, [{ id: first.body.id, category: '签到表' }]);
      const replacement = await unit.staff.upload(`/api/subjects/expense-claim/${claimId}/attachments`, { name: '签到表（盖章）.pdf', bytes: files.pdf() }, { category: '签到表', supersedes: first.body.id });
      expect(replacement.status).toBe(201);
      expect(replacement.body).toMatchObject({ supersedes: first.body.id, subject: { kind: 'expense-claim', id: claimId } });
      const listed = await unit.head.get(`/api/subjects/expense-claim/${claimId}/attachments`);
      expect(listed.body.map((a: any) => [a.id, a.supersededBy])).toEqual([[first.body.id, replacement.body.id], [replacement.body.id, null]]);
      const again = await unit.staff.upload(`/api/subjects/expense-claim/${claimId}/attachments`, { name: 'x.pdf', bytes: files.pdf() }, { supersedes: first.body.id });
      expect(again.status).toBe(400);
      expect(again.body.field).toBe('supersedes');
      // The approver reads the papers; adding to them is the claimant's.
      const byHead = await unit.head.upload(`/api/subjects/expense-claim/${claimId}/attachments`, { name: 'y.pdf', bytes: files.pdf() });
      expect(byHead.status).toBe(403);
    });

    it('never lets the database delete or rewrite an attachment', async () => {
      const file = await unit.staff.upload('/api/attachments', { name: 'keep.pdf', bytes: files.pdf() });
      await expect(db.query(`DELETE FROM attachment WHERE id = $1`, [file.body.id])).rejects.toThrow(/never deleted/);
      await expect(db.query(`UPDATE attachment SET file_name = 'other.pdf' WHERE id = $1`, [file.body.id])).rejects.toThrow(/bound to its record once/);
      await expect(db.query(`UPDATE attachment_blob SET size = 1 WHERE id = $1`, [file.body.sha256])).rejects.toThrow(/never changes/);
    });
  });
});
