import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { isoDayInChina } from '../common/clock';
import { dayNumber } from '../common/days';
import { ApprovalDeadline } from '../calendar/approval-deadline';
import { FieldError, RequestValidationError } from '../common/domain-error';
import { fenToYuan, yuanToFen } from '../common/money';
import { bilingual, isUuid } from '../common/validation';
import { EngineClient } from '../engine/engine-client';
import { FormsService } from '../forms/forms.service';
import { ProcessProgress, ProcessProgressService } from '../claims/process-progress.service';
import { candidateGroupId } from '../org/org.entities';
import { Actor, OrgService } from '../org/org.service';
import { SubjectInvolvement } from '../subjects/subject-involvement';
import type { TravelRequestDto } from './dto/travel-request.dto';
import { TravelRequest, TravelRequestStatus } from './travel-request.entity';
import { TravelRequestForbiddenError, TravelRequestNotFoundError } from './travel.errors';

export const TRAVEL_REQUEST_PROCESS = 'travel-request';
export const TRAVEL_REQUEST_FORM = 'travel-request';
/** The subject kind approvals, copies and links know travel requests by. */
export const TRAVEL_REQUEST_KIND = 'travel-request';
const READ_ALL_GROUPS = ['finance', 'deputy-chief', 'chief', 'process-admin'];

export interface TravelRequestView {
  id: string;
  status: TravelRequestStatus;
  traveller: string;
  requester: string;
  unit: string;
  destination: string;
  start: string;
  end: string;
  estimate: string;
  purpose: string;
  processInstanceId: string | null;
  activities: string[];
}

/** 出差申请 (事前审批): submitted by or for a traveller, approved by the unit head. */
@Injectable()
export class TravelRequestsService {
  private readonly logger = new Logger(TravelRequestsService.name);

  constructor(
    @InjectRepository(TravelRequest) private readonly requests: Repository<TravelRequest>,
    private readonly org: OrgService,
    private readonly engine: EngineClient,
    private readonly deadline: ApprovalDeadline,
    private readonly forms: FormsService,
    private readonly processProgress: ProcessProgressService,
    private readonly involvement: SubjectInvolvement,
  ) {}

  async submit(actor: Actor, dto: TravelRequestDto): Promise<{ id: string; status: TravelRequestStatus }> {
    const formVersion = await this.forms.validate(TRAVEL_REQUEST_FORM, dto);
    const errors: FieldError[] = [];
    const traveller = await this.org.findUserByUsername(dto.traveller);
    if (!traveller) errors.push({ field: 'traveller', message: bilingual(`出差人“${dto.traveller}”不存在`, `traveller "${dto.traveller}" does not exist`) });
    else if (traveller.unitId !== actor.unit.id) errors.push({ field: 'traveller', message: bilingual('只能为本单位人员申请出差', 'the traveller must be of your own unit') });
    if (dto.end < dto.start) errors.push({ field: 'end', message: bilingual('结束日期不能早于开始日期', 'end must not be before start') });
    if (errors.length > 0) throw new RequestValidationError(errors);

    const request = await this.requests.save(
      this.requests.create({
        travellerId: traveller!.id,
        requesterId: actor.id,
        unitId: actor.unit.id,
        destination: dto.destination.trim(),
        startDay: dto.start,
        endDay: dto.end,
        estimateFen: yuanToFen(dto.estimate),
        purpose: dto.purpose,
        status: TravelRequestStatus.PENDING,
        formVersion,
      }),
    );
    const deadlines = this.deadline.fromNow();
    try {
      const instance = await this.engine.startProcessOnce(TRAVEL_REQUEST_PROCESS, request.id, {
        travelRequestId: request.id,
        requester: actor.username,
        traveller: dto.traveller,
        unitHeadGroup: this.approverGroup(actor),
        unitCode: actor.unit.code,
        submittedOn: dayNumber(isoDayInChina(request.createdAt)),
        amountFen: request.estimateFen,
        approvalDue: deadlines.due,
        approvalEscalateAt: deadlines.escalateAt,
      });
      await this.requests.update(request.id, { processInstanceId: instance.id });
    } catch (error) {
      await this.requests.delete(request.id);
      throw error;
    }
    this.logger.log(`travel request ${request.id} by ${actor.username}: ${dto.traveller} to ${dto.destination} ${dto.start}..${dto.end}`);
    return { id: request.id, status: TravelRequestStatus.PENDING };
  }

  async view(actor: Actor, id: string): Promise<TravelRequestView> {
    const request = await this.findOrFail(id);
    await this.assertMayRead(actor, request);
    await this.involvement.markCopyRead({ kind: TRAVEL_REQUEST_KIND, id: request.id }, actor.username);
    const activities = request.processInstanceId ? await this.engine.currentActivityIds(request.processInstanceId) : [];
    return this.toView(request, activities);
  }

  /** Where the request stands on its BPMN diagram. */
  async progress(actor: Actor, id: string): Promise<ProcessProgress | null> {
    const request = await this.findOrFail(id);
    await this.assertMayRead(actor, request);
    return request.processInstanceId ? this.processProgress.progress(request.processInstanceId) : null;
  }

  async listOwn(actor: Actor): Promise<TravelRequestView[]> {
    const requests = await this.requests.find({ where: [{ requesterId: actor.id }, { travellerId: actor.id }], order: { createdAt: 'DESC' }, take: 200 });
    return requests.map((request) => this.toView(request, []));
  }

  /** Requests with their people and unit; ids that are no request are left out. */
  async findByIds(ids: string[]): Promise<TravelRequest[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    return this.requests.createQueryBuilder('request')
      .leftJoinAndSelect('request.traveller', 'traveller')
      .leftJoinAndSelect('request.requester', 'requester')
      .leftJoinAndSelect('request.unit', 'unit')
      .where('request.id IN (:...ids)', { ids: valid })
      .getMany();
  }

  /** Throws unless the actor may read the request (404 when there is none). */
  async assertVisible(actor: Actor, id: string): Promise<void> {
    await this.assertMayRead(actor, await this.findOrFail(id));
  }

  async findByProcessInstanceIds(ids: string[]): Promise<TravelRequest[]> {
    if (ids.length === 0) return [];
    return this.requests.createQueryBuilder('request')
      .leftJoinAndSelect('request.traveller', 'traveller')
      .leftJoinAndSelect('request.requester', 'requester')
      .leftJoinAndSelect('request.unit', 'unit')
      .where('request.process_instance_id IN (:...ids)', { ids })
      .getMany();
  }

  /** Records the unit head's decision; the process passes it as `outcome`. */
  async close(id: string, outcome: TravelRequestStatus.APPROVED | TravelRequestStatus.REJECTED): Promise<void> {
    await this.requests.update(id, { status: outcome });
  }

  async findOrFail(id: string): Promise<TravelRequest> {
    const request = isUuid(id) ? await this.requests.findOne({ where: { id } }) : null;
    if (!request) throw new TravelRequestNotFoundError(id);
    return request;
  }

  /**
   * The unit head approves a unit's travel requests; a unit head's own goes to the deputy chief in
   * charge, since nobody approves what trip screening will trust for themselves.
   */
  private approverGroup(actor: Actor): string {
    const unitHead = candidateGroupId('unit-head', actor.unit.code);
    return actor.groups.includes(unitHead) ? 'deputy-chief' : unitHead;
  }

  private async assertMayRead(actor: Actor, request: TravelRequest): Promise<void> {
    const mayRead =
      request.requesterId === actor.id ||
      request.travellerId === actor.id ||
      actor.groups.includes(candidateGroupId('unit-head', request.unit.code)) ||
      actor.groups.some((group) => READ_ALL_GROUPS.includes(group)) ||
      // People it was copied to, and anyone a step of it was handed to or who worked one.
      (await this.involvement.involves({ kind: TRAVEL_REQUEST_KIND, id: request.id }, actor.username));
    if (!mayRead) throw new TravelRequestForbiddenError();
  }

  private toView(request: TravelRequest, activities: string[]): TravelRequestView {
    return {
      id: request.id,
      status: request.status,
      traveller: request.traveller.username,
      requester: request.requester.username,
      unit: request.unit.name,
      destination: request.destination,
      start: request.startDay,
      end: request.endDay,
      estimate: fenToYuan(request.estimateFen),
      purpose: request.purpose,
      processInstanceId: request.processInstanceId,
      activities,
    };
  }
}
