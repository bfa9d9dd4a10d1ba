import { randomBytes, randomInt } from 'node:crypto';
import { isoDayInChina } from '../common/clock';
import { DocumentRequirement, RequiredDocumentsClaim, requiredDocuments } from '../documents/required-documents';
import { qrOriginalOfRow, TypedInvoiceRow, xmlOriginalOfRow } from '../einvoice/samples/sample-of-row';
import { ChainScenario, isChainScenario, runChainScenario } from './chain-scenarios';

/**
 * Replays scenario files in the neutral format of shared/acceptance/README.md against a running
 * product, through its HTTP API only. Each scenario gets fresh units and people (named after the
 * demo organisation's) and fresh invoice numbers, so scenarios never meet each other or an earlier
 * run; bureau-wide approvers (finance, deputy chief, chief) are the demo users themselves.
 */

export interface Scenario {
  id: string;
  title: string;
  given?: {
    standards?: { city: string; tier: string; lodgingPerNight: string; peak?: { months: number[]; uplift: number }; mealPerDay?: string; transportPerDay?: string }[];
    budget?: { unit: string; subject: string; fund: 'basic' | 'special'; allocated: string; mode: string; spentThisYear?: string; lastYearActual?: string; name?: string }[];
    requests?: { traveller: string; destination: string; start: string; end: string; estimate: string }[];
    /** RETURNED: the first approver sent it back to the claimant (it counts against auto-approval). */
    claims?: { claim: ClaimDocument; outcome: 'IN_APPROVAL' | 'APPROVED' | 'REJECTED' | 'WITHDRAWN' | 'RETURNED' }[];
  };
  claim: ClaimDocument;
  /** `"route": []` says the claim approves itself (自动审批): no one's step, and status APPROVED. */
  expect: { findings: string[]; status: string; route?: string[]; reimbursable?: string };
}

/**
 * The project's extension of the neutral format for claims that carry papers:
 * `originals` — per invoice number, the original attached to that row: `{ "format"?: "xml" | "qr",
 * "differs"?: {field: value} }` (an original saying something else than the typed row), or `null`
 * (none); a row not named carries none. `documents` — the names of the documents attached (会议通知 …);
 * absent, every document the claim's subject requires is attached, as a complete claim would be.
 */
export interface ClaimPapers {
  originals?: Record<string, { format?: 'xml' | 'qr'; differs?: Record<string, unknown> } | null>;
  documents?: string[];
}

type ClaimDocument = ClaimPapers & {
  type: string;
  claimant: string;
  budgetLine: { unit: string; subject: string; fund: string; name?: string };
  trips?: { traveller: string; destination: string; start: string; end: string; lodging: { invoice?: string }[] }[];
  items?: { invoice: string; subject: string }[];
  invoices: { number: string; code?: string }[];
  [key: string]: unknown;
};

export interface ScenarioResult {
  id: string;
  title: string;
  passed: boolean;
  differences: string[];
  claimId?: string;
}

/** The demo organisation of shared/acceptance/README.md: who is where and holds what. */
const DEMO_PEOPLE: Record<string, { unit?: string; title: string; tier: 'other' | 'bureau'; head?: boolean }> = {
  zhangsan: { unit: '城西派出所', title: '民警', tier: 'other' },
  lisi: { unit: '城西派出所', title: '所长', tier: 'other', head: true },
  chenqi: { unit: '大陈派出所', title: '民警', tier: 'other' },
  zhoujiu: { unit: '大陈派出所', title: '所长', tier: 'other', head: true },
  sunba: { unit: '赤岸派出所', title: '民警', tier: 'other' },
  wushi: { unit: '赤岸派出所', title: '所长', tier: 'other', head: true },
};
/** Bureau-wide approvers: the demo users themselves. */
const BUREAU_APPROVERS: Record<string, string> = { finance: 'wangwu', 'deputy-chief': 'zhaoliu', chief: 'chief' };
const PASSWORD = `scenario-${randomBytes(6).toString('hex')}`;

export class Client {
  constructor(private readonly baseUrl: string, readonly username: string, private readonly token: string) {}

  /** Posts a file as multipart field `file`, as the claim form does. */
  async upload(path: string, name: string, bytes: Buffer): Promise<any> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)]), name);
    const response = await fetch(this.baseUrl + path, { method: 'POST', headers: { Authorization: `Bearer ${this.token}` }, body: form });
    const text = await response.text();
    if (response.status >= 300) throw new ArrangeError(`upload of ${name} to ${path} as ${this.username}: ${response.status} ${text}`);
    return JSON.parse(text);
  }

  async call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const response = await fetch(this.baseUrl + path, {
      method,
      headers: { Authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  async ok(method: string, path: string, body?: unknown): Promise<any> {
    const response = await this.call(method, path, body);
    if (response.status >= 300) throw new ArrangeError(`${method} ${path} as ${this.username}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }
}

export class ArrangeError extends Error {}

export interface RunnerOptions {
  baseUrl: string;
  /** Password of the demo users (admin, wangwu, zhaoliu, chief). */
  demoPassword: string;
  /** How long to wait for screening or an approval step, in ms. */
  patienceMs?: number;
  log?: (line: string) => void;
}

export class ScenarioRunner {
  private readonly clients = new Map<string, Promise<Client>>();
  private readonly patienceMs: number;

  constructor(private readonly options: RunnerOptions) {
    this.patienceMs = options.patienceMs ?? 60_000;
  }

  async runAll(scenarios: (Scenario | ChainScenario)[]): Promise<{ passed: number; failed: number; results: ScenarioResult[] }> {
    const results: ScenarioResult[] = [];
    for (const scenario of scenarios) {
      const result = await this.run(scenario);
      results.push(result);
      this.options.log?.(`${result.passed ? 'PASS' : 'FAIL'} ${scenario.id} ${scenario.title}${result.passed ? '' : `\n     ${result.differences.join('\n     ')}`}`);
    }
    const passed = results.filter((r) => r.passed).length;
    this.options.log?.(`${passed} passed, ${results.length - passed} failed`);
    return { passed, failed: results.length - passed, results };
  }

  async run(scenario: Scenario | ChainScenario): Promise<ScenarioResult> {
    if (isChainScenario(scenario)) return runChainScenario(this, scenario);
    try {
      const world = await this.arrange(scenario);
      const claim = await this.submitAndScreen(world, scenario.claim);
      return { id: scenario.id, title: scenario.title, claimId: claim.id, ...compare(scenario.expect, claim) };
    } catch (error) {
      const text = error instanceof ArrangeError ? `could not arrange or submit: ${error.message}` : String((error as Error).stack ?? error);
      return { id: scenario.id, title: scenario.title, passed: false, differences: [text] };
    }
  }

  private async arrange(scenario: Scenario): Promise<World> {
    const given = scenario.given ?? {};
    const documents = [scenario.claim, ...(given.claims ?? []).map((c) => c.claim)];
    const world = await this.world(scenario.id, [...documents.map((d) => d.budgetLine.unit), ...(given.budget ?? []).map((b) => b.unit)], [...documents.flatMap(peopleOf), ...(given.requests ?? []).map((r) => r.traveller)]);
    const finance = await this.demo('wangwu');

    // Standards are shared by everyone: applied as given, from the earliest day the scenario travels.
    if (given.standards?.length) {
      const days = documents.flatMap((d) => (d.trips ?? []).map((t) => t.start)).sort();
      await finance.ok('PUT', '/api/standards', { effectiveFrom: days[0] ?? today(), lodging: given.standards.map((row) => ({ ...row, source: `scenario ${scenario.id}` })) });
    }

    const year = Number(today().slice(0, 4));
    const lines = new Set<string>();
    await this.budgetLines(world, given.budget ?? []);
    for (const line of given.budget ?? []) lines.add(lineKey(line.unit, line.subject, line.fund));
    // Earlier claims need a line too; one the scenario does not describe is left out of control.
    for (const document of documents) {
      const key = lineKey(document.budgetLine.unit, document.budgetLine.subject, document.budgetLine.fund);
      if (lines.has(key)) continue;
      lines.add(key);
      await finance.ok('POST', '/api/budgets', { unit: world.units.get(document.budgetLine.unit)!.code, year, subject: document.budgetLine.subject, fund: document.budgetLine.fund, name: document.budgetLine.name, mode: 'ALLOW', allocated: '10000000.00' });
    }

    // Requests an earlier claim's trip stands on come first, so that claim can be driven to its outcome.
    const requests = [...(given.requests ?? [])];
    const earlierTrips = (given.claims ?? []).flatMap((c) => c.claim.trips ?? []);
    const first = requests.filter((r) => earlierTrips.some((t) => t.traveller === r.traveller && t.destination === r.destination && t.start <= r.end && r.start <= t.end));
    for (const request of first) await this.approvedRequest(world, request);
    for (const earlier of given.claims ?? []) await this.drive(world, earlier.claim, earlier.outcome);
    for (const request of requests.filter((r) => !first.includes(r))) await this.approvedRequest(world, request);
    return world;
  }

  /** The budget lines a scenario gives, in its fresh units, for the current fiscal year. */
  async budgetLines(world: World, lines: NonNullable<NonNullable<Scenario['given']>['budget']>): Promise<void> {
    const finance = await this.demo('wangwu');
    const year = Number(today().slice(0, 4));
    for (const line of lines) {
      await finance.ok('POST', '/api/budgets', { ...line, unit: world.units.get(line.unit)!.code, year, subjects: line.fund === 'special' ? [line.subject] : undefined });
    }
  }

  /** Fresh units (each with a head) for the names a scenario uses, and fresh people for the demo names in it. */
  async world(id: string, unitsNamed: string[], peopleNamed: string[]): Promise<World> {
    const world = new World(`${id.toLowerCase().replace(/[^a-z0-9]/g, '')}${randomBytes(3).toString('hex')}`);
    const admin = await this.demo('admin');
    const people = new Set(peopleNamed);
    const unitNames = new Set<string>([
      ...unitsNamed,
      ...[...people].map((name) => DEMO_PEOPLE[name]?.unit).filter((unit): unit is string => unit !== undefined),
    ]);
    for (const name of unitNames) {
      const code = `s${world.tag}${world.units.size}`;
      await admin.ok('POST', '/api/org/units', { code, name: `${name}·${world.tag}` });
      world.units.set(name, { code, name: `${name}·${world.tag}` });
      const head = `${code}-head`;
      await admin.ok('POST', '/api/org/users', { username: head, displayName: `所长${code}`, title: '所长', tier: 'other', unit: code, password: PASSWORD, groups: [{ code: 'unit-head' }, { code: 'fund-owner' }] });
      world.heads.set(code, head);
    }
    for (const demoName of people) {
      const demo = DEMO_PEOPLE[demoName];
      if (!demo) continue;
      const unit = world.units.get(demo.unit!)!;
      if (demo.head) {
        world.people.set(demoName, world.heads.get(unit.code)!);
        continue;
      }
      const username = `${demoName}-${world.tag}`;
      await admin.ok('POST', '/api/org/users', { username, displayName: `${demoName}·${world.tag}`, title: demo.title, tier: demo.tier, unit: unit.code, password: PASSWORD });
      world.people.set(demoName, username);
    }
    return world;
  }

  private async approvedRequest(world: World, request: NonNullable<NonNullable<Scenario['given']>['requests']>[number]): Promise<void> {
    const traveller = await this.person(world, request.traveller);
    const created = await traveller.ok('POST', '/api/travel-requests', { ...request, traveller: traveller.username, purpose: '公务出差（场景）' });
    const unitCode = world.units.get(DEMO_PEOPLE[request.traveller]!.unit!)!.code;
    const head = await this.login(world.heads.get(unitCode)!, PASSWORD);
    const task = await this.waitFor(async () => (await head.ok('GET', `/api/tasks?subject=${created.id}`)).items.find((t: any) => t.subjectId === created.id), `the approval task of travel request ${created.id}`);
    await head.ok('POST', `/api/tasks/${task.id}/complete`, { decision: 'approve' });
    await this.waitFor(async () => (await traveller.ok('GET', `/api/travel-requests/${created.id}`)).status === 'APPROVED' || undefined, `travel request ${created.id} approved`);
  }

  /** Submits an earlier claim and takes it to the outcome the scenario says it had. */
  private async drive(world: World, document: ClaimDocument, outcome: string): Promise<void> {
    const claim = await this.submitAndScreen(world, document);
    const claimant = await this.person(world, document.claimant);
    if (claim.status === 'APPROVED' && claim.route.length === 0) {
      if (outcome === 'APPROVED') return;
      throw new ArrangeError(`earlier claim ${claim.id} approved itself (自动审批) and cannot be taken to ${outcome}`);
    }
    if (claim.status !== 'IN_APPROVAL') throw new ArrangeError(`earlier claim ${claim.id} came back ${claim.status} with ${claim.findings.map((f: any) => f.ruleId).join(', ')}`);
    if (outcome === 'IN_APPROVAL') return;
    if (outcome === 'RETURNED') {
      const approver = await this.approverFor(world, claim.approvalChain[0].group);
      const task = await this.waitFor(async () => (await approver.ok('GET', `/api/tasks?subject=${claim.id}`)).items.find((t: any) => t.subjectId === claim.id), `the first task of claim ${claim.id}`);
      await approver.ok('POST', `/api/tasks/${task.id}/complete`, { decision: 'return', comment: '场景：退回修改' });
      await this.waitFor(async () => (await claimant.ok('GET', `/api/claims/${claim.id}`)).status === 'RETURNED' || undefined, `claim ${claim.id} RETURNED`);
      return;
    }
    if (outcome === 'WITHDRAWN') {
      await claimant.ok('POST', `/api/claims/${claim.id}/withdraw`);
      return;
    }
    for (const step of claim.approvalChain as { group: string }[]) {
      const approver = await this.approverFor(world, step.group);
      const task = await this.waitFor(async () => (await approver.ok('GET', `/api/tasks?subject=${claim.id}`)).items.find((t: any) => t.subjectId === claim.id), `the ${step.group} task of claim ${claim.id}`);
      await approver.ok('POST', `/api/tasks/${task.id}/complete`, outcome === 'REJECTED' ? { decision: 'reject', comment: '场景：驳回' } : { decision: 'approve' });
      if (outcome === 'REJECTED') break;
    }
    await this.waitFor(async () => (await claimant.ok('GET', `/api/claims/${claim.id}`)).status === outcome || undefined, `claim ${claim.id} ${outcome}`);
  }

  private async submitAndScreen(world: World, document: ClaimDocument): Promise<any> {
    const claimant = await this.person(world, document.claimant);
    const created = await claimant.ok('POST', '/api/claims', await this.withPapers(claimant, world.rewrite(document), document));
    // A claim in approval with no step (自动审批) is passing through the engine to its approval: wait for it.
    return this.waitFor(async () => {
      const claim = await claimant.ok('GET', `/api/claims/${created.id}`);
      return claim.status === 'SCREENING' || (claim.status === 'IN_APPROVAL' && claim.route.length === 0) ? undefined : claim;
    }, `screening of claim ${created.id}`);
  }

  /** Uploads the originals and documents the scenario says the claim carries, as the claim form would, and names them in it. */
  private async withPapers(claimant: Client, document: ClaimDocument, asWritten: ClaimDocument): Promise<ClaimDocument> {
    const { originals, documents, ...claim } = document;
    const attachments: { id: string; category: string; invoice?: string }[] = [];
    for (const [index, written] of asWritten.invoices.entries()) {
      const original = originals?.[written.number];
      if (!original) continue;
      const row = claim.invoices[index] as unknown as TypedInvoiceRow;
      const differs = { ...(original.differs ?? {}) } as Partial<TypedInvoiceRow>;
      if (typeof differs.number === 'string') differs.number = row.number.slice(0, -4) + differs.number.slice(-4);
      const bytes = original.format === 'qr' ? qrOriginalOfRow(row, differs) : xmlOriginalOfRow(row, differs);
      const read = await claimant.upload('/api/invoices/intake', original.format === 'qr' ? 'invoice-qr.png' : 'invoice.xml', bytes);
      attachments.push({ id: read.attachment.id, category: 'invoice', invoice: row.number });
    }
    const table = (await claimant.ok('GET', '/api/documents/requirements')).required as DocumentRequirement[];
    const names = documents ?? requiredDocuments(claim as unknown as RequiredDocumentsClaim, [], table).required.map((r) => r.document);
    for (const name of names) {
      const file = await claimant.upload('/api/attachments', `${name}.pdf`, syntheticPdf(name));
      attachments.push({ id: file.id, category: name });
    }
    return attachments.length > 0 ? ({ ...claim, attachments } as ClaimDocument) : (claim as ClaimDocument);
  }

  private async approverFor(world: World, group: string): Promise<Client> {
    const [role, unitCode] = group.split(':');
    if (unitCode) return this.login(world.heads.get(unitCode) ?? '', PASSWORD);
    const demo = BUREAU_APPROVERS[role];
    if (!demo) throw new ArrangeError(`no one to act for group ${group}`);
    return this.demo(demo);
  }

  person(world: World, demoName: string): Promise<Client> {
    const username = world.people.get(demoName);
    if (!username) throw new ArrangeError(`the scenario names ${demoName}, who is not in the demo organisation`);
    return this.login(username, PASSWORD);
  }

  demo(username: string): Promise<Client> {
    return this.login(username, this.options.demoPassword);
  }

  private login(username: string, password: string): Promise<Client> {
    const key = `${username}\u0000${password}`;
    if (!this.clients.has(key)) {
      this.clients.set(
        key,
        (async () => {
          const response = await fetch(`${this.options.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) });
          if (!response.ok) throw new ArrangeError(`login of ${username} failed: ${response.status}`);
          return new Client(this.options.baseUrl, username, ((await response.json()) as { accessToken: string }).accessToken);
        })(),
      );
    }
    return this.clients.get(key)!;
  }

  async waitFor<T>(read: () => Promise<T | undefined>, what: string): Promise<T> {
    const deadline = Date.now() + this.patienceMs;
    for (;;) {
      const value = await read();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new ArrangeError(`gave up waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** One scenario's fresh units, people and invoice numbers. */
export class World {
  readonly units = new Map<string, { code: string; name: string }>();
  readonly heads = new Map<string, string>();
  readonly people = new Map<string, string>();
  private readonly invoices = new Map<string, string>();

  constructor(readonly tag: string) {}

  /** The document with the scenario's people, units and invoice numbers replaced by this world's. */
  rewrite(document: ClaimDocument): ClaimDocument {
    const copy = structuredClone(document);
    copy.claimant = this.people.get(copy.claimant) ?? copy.claimant;
    copy.budgetLine.unit = this.units.get(copy.budgetLine.unit)?.name ?? copy.budgetLine.unit;
    for (const trip of copy.trips ?? []) {
      trip.traveller = this.people.get(trip.traveller) ?? trip.traveller;
      for (const night of trip.lodging) if (night.invoice) night.invoice = this.invoice(night.invoice);
    }
    for (const item of copy.items ?? []) item.invoice = this.invoice(item.invoice);
    for (const invoice of copy.invoices) invoice.number = this.invoice(invoice.number);
    return copy;
  }

  /** A number of the same shape (length, year and province digits kept), unique to this run. */
  private invoice(number: string): string {
    if (!/^\d{8,}$/.test(number)) return number;
    if (!this.invoices.has(number)) {
      const keep = number.length >= 12 ? 4 : 0;
      const fresh = number.slice(0, keep) + Array.from({ length: number.length - keep }, () => randomInt(10)).join('');
      this.invoices.set(number, fresh);
    }
    return this.invoices.get(number)!;
  }
}

/** A one-page PDF standing in for a document (会议通知 …), labelled synthetic. */
function syntheticPdf(name: string): Buffer {
  return Buffer.from(`%PDF-1.4\n% 样例 synthetic: ${name}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`, 'utf8');
}

function peopleOf(document: ClaimDocument): string[] {
  return [document.claimant, ...(document.trips ?? []).map((trip) => trip.traveller)];
}

function lineKey(unit: string, subject: string, fund: string): string {
  return `${unit}|${subject}|${fund}`;
}

function today(): string {
  return isoDayInChina(new Date());
}

/** The differences between what a scenario expects and what the product concluded. */
export function compare(expect: Scenario['expect'], claim: { status: string; findings: { ruleId: string }[]; route: string[]; reimbursable: string | null }): { passed: boolean; differences: string[] } {
  const differences: string[] = [];
  const got = [...new Set(claim.findings.map((f) => f.ruleId))].sort();
  const wanted = [...new Set(expect.findings)].sort();
  if (JSON.stringify(got) !== JSON.stringify(wanted)) differences.push(`findings: expected [${wanted.join(', ')}], got [${got.join(', ')}]`);
  if (claim.status !== expect.status) differences.push(`status: expected ${expect.status}, got ${claim.status}`);
  if (expect.route && JSON.stringify(claim.route) !== JSON.stringify(expect.route)) differences.push(`route: expected [${expect.route.join(', ')}], got [${claim.route.join(', ')}]`);
  if (expect.reimbursable !== undefined && claim.reimbursable !== expect.reimbursable) differences.push(`reimbursable: expected ${expect.reimbursable}, got ${claim.reimbursable}`);
  return { passed: differences.length === 0, differences };
}
