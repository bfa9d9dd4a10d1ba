import { Body, Controller, Get, Injectable, Module, OnModuleInit, Param, Post } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { CurrentActor } from '../../src/auth/auth.guard';
import { ApprovalDeadline } from '../../src/calendar/approval-deadline';
import { Clock } from '../../src/common/clock';
import { dayNumber } from '../../src/common/days';
import { DomainError, DomainErrorKind } from '../../src/common/domain-error';
import { yuanToFen } from '../../src/common/money';
import { EngineClient } from '../../src/engine/engine-client';
import type { Actor } from '../../src/org/org.service';
import { ApprovalStep, loopStartVariables, REVISE_TASK } from '../../src/subjects/approval-loop';
import type { Subject, SubjectDecision, SubjectLink } from '../../src/subjects/subject';
import { SubjectInvolvement } from '../../src/subjects/subject-involvement';
import { SubjectRegistry } from '../../src/subjects/subject-registry';
import { SubjectNotFoundError } from '../../src/subjects/subject.errors';

/** The kind, and the key of its process (test/fixtures/test-subject.bpmn). */
export const TEST_SUBJECT_KIND = 'e2e-test-subject';
export const TEST_SUBJECT_BPMN = resolve(__dirname, '..', 'fixtures', 'test-subject.bpmn');

/** A record of the test-only kind; kept in this process's memory, since the kind lives only in one test. */
export interface TestRecord {
  id: string;
  title: string;
  amountFen: number;
  submitter: string;
  submitterName: string;
  unitCode: string;
  unitName: string;
  submittedOn: string;
  processInstanceId: string | null;
  status: 'IN_APPROVAL' | 'RETURNED' | 'REJECTED';
  chain: ApprovalStep[];
  /** An expense claim the record refers to: 关联查询 reaches it, and through it the claim's own links. */
  claimId: string | null;
}

class TestSubjectForbiddenError extends DomainError {
  readonly kind = DomainErrorKind.FORBIDDEN;
  constructor() {
    super('E2E_SUBJECT_FORBIDDEN', '无权查看该测试单据', 'You may not read this test record');
  }
}

class TestSubjectNotRevisableError extends DomainError {
  readonly kind = DomainErrorKind.CONFLICT;
  constructor() {
    super('E2E_SUBJECT_NOT_RETURNED', '该测试单据没有等待修改', 'The test record is not waiting for revision');
  }
}

class CreateTestSubjectDto {
  @IsString() @MinLength(1) @MaxLength(200)
  title!: string;

  @Matches(/^\d{1,10}(\.\d{1,2})?$/)
  amount!: string;

  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(10)
  chain!: { step: string; group: string }[];

  @IsOptional() @IsUUID()
  claimId?: string;
}

/**
 * The test-only kind, registered the way a feature registers its own: loading, visibility, a chain
 * kept beside the record (read under a PostgreSQL advisory lock held until the deciding transaction
 * ends, written only when it commits), a revise step, and the decisions it was told of.
 */
@Injectable()
export class TestSubjects implements OnModuleInit {
  readonly records = new Map<string, TestRecord>();
  /** Every decision the operations reported, in order. */
  readonly decisions: { decision: SubjectDecision; id: string; status: string }[] = [];
  /** Chain writes waiting for their transaction to commit. */
  private readonly pending = new Map<QueryRunner, (() => void)[]>();

  constructor(
    private readonly registry: SubjectRegistry,
    private readonly involvement: SubjectInvolvement,
    private readonly dataSource: DataSource,
    private readonly engine: EngineClient,
    private readonly deadline: ApprovalDeadline,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.dataSource.subscribers.push({
      afterTransactionCommit: ({ queryRunner }) => {
        for (const write of this.pending.get(queryRunner) ?? []) write();
        this.pending.delete(queryRunner);
      },
      afterTransactionRollback: ({ queryRunner }) => {
        this.pending.delete(queryRunner);
      },
    });
    this.registry.register({
      kind: TEST_SUBJECT_KIND,
      label: { zh: '测试单据', en: 'Test record' },
      processKeys: [TEST_SUBJECT_KIND],
      linkOf: (id) => `/e2e-test-subjects/${id}`,
      load: async (ids) => ids.flatMap((id) => (this.records.has(id) ? [this.toSubject(this.records.get(id)!)] : [])),
      loadByInstances: async (instanceIds) => [...this.records.values()].filter((r) => r.processInstanceId !== null && instanceIds.includes(r.processInstanceId)).map((r) => this.toSubject(r)),
      assertVisible: (actor, id) => this.assertVisible(actor, id),
      chain: {
        lock: async (tx: EntityManager, id: string) => {
          await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${TEST_SUBJECT_KIND}:${id}`]);
          return [...(this.records.get(id)?.chain ?? [])];
        },
        save: async (tx: EntityManager, id: string, chain: ApprovalStep[]) => {
          const write = () => {
            const record = this.records.get(id);
            if (record) record.chain = chain;
          };
          const runner = tx.queryRunner;
          if (!runner?.isTransactionActive) return write();
          this.pending.set(runner, [...(this.pending.get(runner) ?? []), write]);
        },
      },
      returnable: true,
      onDecision: async (decision, subject) => {
        const record = this.records.get(subject.id);
        if (record && decision === 'return') record.status = 'RETURNED';
        if (record && decision === 'reject') record.status = 'REJECTED';
        this.decisions.push({ decision, id: subject.id, status: record?.status ?? 'missing' });
      },
    });
    this.registry.contributeLinks({ kinds: [TEST_SUBJECT_KIND], links: async (subject) => this.links(subject) });
  }

  async create(actor: Actor, body: CreateTestSubjectDto): Promise<TestRecord> {
    const chain: ApprovalStep[] = body.chain.map(({ step, group }) => ({ step, group, reason: { zh: `测试步骤 ${step}`, en: `test step ${step}` } }));
    const record: TestRecord = {
      id: randomUUID(),
      title: body.title,
      amountFen: yuanToFen(body.amount),
      submitter: actor.username,
      submitterName: actor.displayName,
      unitCode: actor.unit.code,
      unitName: actor.unit.name,
      submittedOn: this.clock.today(),
      processInstanceId: null,
      status: 'IN_APPROVAL',
      chain,
      claimId: body.claimId ?? null,
    };
    this.records.set(record.id, record);
    const instance = await this.engine.startProcessOnce(TEST_SUBJECT_KIND, record.id, {
      submitter: record.submitter,
      unitCode: record.unitCode,
      amountFen: record.amountFen,
      submittedOn: dayNumber(record.submittedOn),
      ...loopStartVariables(chain, this.deadline.fromNow()),
      approvalNext: 'step',
    });
    record.processInstanceId = instance.id;
    return record;
  }

  /** The submitter sends a returned record back into approval: the chain starts again at its first step. */
  async resubmit(actor: Actor, id: string): Promise<TestRecord> {
    const record = await this.visibleRecord(actor, id);
    const [revise] = record.processInstanceId ? await this.engine.queryTasks({ processInstanceId: record.processInstanceId }) : [];
    if (record.submitter !== actor.username || !revise || revise.taskDefinitionKey !== REVISE_TASK) throw new TestSubjectNotRevisableError();
    await this.engine.completeTask(revise.id, { ...loopStartVariables(record.chain, this.deadline.fromNow()), approvalNext: 'step' });
    record.status = 'IN_APPROVAL';
    return record;
  }

  async visibleRecord(actor: Actor, id: string): Promise<TestRecord> {
    await this.assertVisible(actor, id);
    return this.records.get(id)!;
  }

  private async assertVisible(actor: Actor, id: string): Promise<void> {
    const record = this.records.get(id);
    if (!record) throw new SubjectNotFoundError(TEST_SUBJECT_KIND, id);
    const mayRead =
      record.submitter === actor.username ||
      actor.groups.includes(`unit-head:${record.unitCode}`) ||
      actor.groups.includes('finance') ||
      (await this.involvement.involves({ kind: TEST_SUBJECT_KIND, id }, actor.username));
    if (!mayRead) throw new TestSubjectForbiddenError();
  }

  /** The expense claim the record names (a subject, whose own links are a second hop) and a reference that is no subject. */
  private links(subject: Subject): SubjectLink[] {
    const record = this.records.get(subject.id);
    if (!record) return [];
    const links: SubjectLink[] = [
      { relation: 'reference', kind: null, id: `REF-${record.id.slice(0, 8)}`, title: `参考文件 ${record.title}`, fields: { pages: 3 }, link: null },
    ];
    if (record.claimId) links.push({ relation: 'claim', kind: 'expense-claim', id: record.claimId, title: `报销单 ${record.claimId}`, fields: {}, link: `/claims/${record.claimId}` });
    return links;
  }

  private toSubject(record: TestRecord): Subject {
    return {
      kind: TEST_SUBJECT_KIND,
      id: record.id,
      processInstanceId: record.processInstanceId,
      submitter: record.submitter,
      submitterName: record.submitterName,
      unitCode: record.unitCode,
      unitName: record.unitName,
      amountFen: record.amountFen,
      title: record.title,
      status: record.status,
      submittedOn: record.submittedOn,
      link: `/e2e-test-subjects/${record.id}`,
      chain: record.chain,
      clean: true,
    };
  }
}

@Controller('e2e-test-subjects')
export class TestSubjectsController {
  constructor(private readonly subjects: TestSubjects) {}

  @Post()
  async create(@CurrentActor() actor: Actor, @Body() body: CreateTestSubjectDto) {
    const record = await this.subjects.create(actor, body);
    return { id: record.id, processInstanceId: record.processInstanceId };
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.subjects.visibleRecord(actor, id);
  }

  @Post(':id/resubmit')
  resubmit(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.subjects.resubmit(actor, id);
  }
}

/** Joins the product in a test process only: a kind of subject tasks/ has never heard of. */
@Module({ controllers: [TestSubjectsController], providers: [TestSubjects], exports: [TestSubjects] })
export class TestSubjectModule {}

/** The fixture's BPMN, for deploying it to the engine. */
export const testSubjectBpmn = (): { name: string; content: string } => ({ name: 'test-subject.bpmn', content: readFileSync(TEST_SUBJECT_BPMN, 'utf8') });
