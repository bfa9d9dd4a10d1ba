import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PasswordHasher } from '../auth/password-hasher';
import { REVISE_TASK } from '../subjects/approval-loop';
import { Clock } from '../common/clock';
import { RequestValidationError } from '../common/domain-error';
import { bilingual } from '../common/validation';
import { EngineClient } from '../engine/engine-client';
import { AppUser, candidateGroupId, GroupCode, OPTIONALLY_UNIT_SCOPED_GROUPS, OrgUnit, UNIT_SCOPED_GROUPS, UserGroup } from '../org/org.entities';
import { OrgConflictError, OrgNoSuccessorError, OrgNotFoundError, OrgSelfDeactivationError } from '../org/org.errors';
import { Actor, OrgService } from '../org/org.service';
import { ApprovalOperationsService } from '../tasks/approval-operations.service';
import type { CreateUnitDto, CreateUserDto, MembershipDto, UpdateUnitDto, UpdateUserDto } from './dto/org-admin.dto';
import type { DeactivationView, PersonView, UnitView } from './org-admin.views';

/** The bureau whose units these are: invoices of every unit carry its title and code unless a unit has its own. */
const BUREAU = { invoiceTitle: '义乌市公安局', creditCode: '11330782002580471H' };

/** Who takes the steps of someone who left, when their unit head cannot. */
const FALLBACK_SUCCESSOR_GROUP = 'deputy-chief';

/**
 * 组织管理: units with their invoice identity, people with rank tier and groups, and deactivation that
 * hands a leaver's open steps to their unit head. Membership changes are row changes of user_group,
 * which the audit trail records with the administrator as actor.
 */
@Injectable()
export class OrgAdminService {
  private readonly logger = new Logger(OrgAdminService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly org: OrgService,
    private readonly hasher: PasswordHasher,
    private readonly engine: EngineClient,
    private readonly operations: ApprovalOperationsService,
    private readonly clock: Clock,
  ) {}

  async units(): Promise<UnitView[]> {
    const rows: { id: string; code: string; name: string; invoice_title: string; credit_code: string; people: string }[] = await this.dataSource.query(
      `SELECT u.id, u.code, u.name, u.invoice_title, u.credit_code, count(p.id) FILTER (WHERE p.active) AS people
         FROM org_unit u LEFT JOIN app_user p ON p.unit_id = u.id GROUP BY u.id ORDER BY u.name`,
    );
    const scoped: { unit_id: string; group_code: GroupCode; username: string; display_name: string }[] = await this.dataSource.query(
      `SELECT g.unit_id, g.group_code, p.username, p.display_name FROM user_group g JOIN app_user p ON p.id = g.user_id
        WHERE g.unit_id IS NOT NULL AND p.active ORDER BY p.display_name`,
    );
    return rows.map((row) => {
      const members = (code: GroupCode) => scoped.filter((s) => s.unit_id === row.id && s.group_code === code).map((s) => ({ username: s.username, displayName: s.display_name }));
      return { id: row.id, code: row.code, name: row.name, invoiceTitle: row.invoice_title, creditCode: row.credit_code, people: Number(row.people), heads: members('unit-head'), fundOwners: members('fund-owner') };
    });
  }

  async createUnit(dto: CreateUnitDto): Promise<{ id: string; code: string; name: string }> {
    const units = this.dataSource.getRepository(OrgUnit);
    if (await units.findOne({ where: { code: dto.code } })) throw new OrgConflictError('code', dto.code);
    if (await units.findOne({ where: { name: dto.name } })) throw new OrgConflictError('name', dto.name);
    const unit = await units.save(units.create({ code: dto.code, name: dto.name, invoiceTitle: dto.invoiceTitle ?? BUREAU.invoiceTitle, creditCode: dto.creditCode ?? BUREAU.creditCode }));
    return { id: unit.id, code: unit.code, name: unit.name };
  }

  async updateUnit(code: string, dto: UpdateUnitDto): Promise<UnitView> {
    const units = this.dataSource.getRepository(OrgUnit);
    const unit = await units.findOne({ where: { code } });
    if (!unit) throw new OrgNotFoundError('unit', code);
    if (dto.name !== undefined && dto.name !== unit.name && (await units.findOne({ where: { name: dto.name } }))) throw new OrgConflictError('name', dto.name);
    await units.update(unit.id, { name: dto.name ?? unit.name, invoiceTitle: dto.invoiceTitle ?? unit.invoiceTitle, creditCode: dto.creditCode ?? unit.creditCode });
    return (await this.units()).find((u) => u.id === unit.id)!;
  }

  async people(filter: { unit?: string; q?: string; inactive?: boolean }): Promise<PersonView[]> {
    const query = this.dataSource
      .getRepository(AppUser)
      .createQueryBuilder('user')
      .leftJoinAndSelect('user.unit', 'unit')
      .orderBy('unit.name')
      .addOrderBy('user.displayName');
    if (filter.unit) query.andWhere('unit.code = :unit', { unit: filter.unit });
    if (filter.q) query.andWhere('(user.username ILIKE :q OR user.displayName ILIKE :q)', { q: `%${filter.q.replace(/[%_\\]/g, '\\$&')}%` });
    if (!filter.inactive) query.andWhere('user.active');
    const users = await query.limit(500).getMany();
    if (users.length === 0) return [];
    const memberships = await this.dataSource.getRepository(UserGroup).createQueryBuilder('g').leftJoinAndSelect('g.unit', 'unit').where('g.userId IN (:...ids)', { ids: users.map((u) => u.id) }).getMany();
    return users.map((user) => ({
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      title: user.title,
      tier: user.tier,
      unit: { code: user.unit.code, name: user.unit.name },
      groups: memberships.filter((m) => m.userId === user.id).map((m) => ({ code: m.groupCode, unit: m.unit ? { code: m.unit.code, name: m.unit.name } : null })),
      active: user.active,
      deactivatedAt: user.deactivatedAt?.toISOString() ?? null,
    }));
  }

  /** Creates a user with their group memberships, all or nothing. */
  async createUser(dto: CreateUserDto): Promise<{ id: string; username: string; groups: string[] }> {
    const unit = await this.unitByCode(dto.unit, 'unit');
    if (await this.org.findUserByUsername(dto.username)) throw new OrgConflictError('username', dto.username);
    const scopes = await this.membershipScopes(dto.groups ?? [], unit);
    const passwordHash = await this.hasher.hash(dto.password);
    const user = await this.dataSource.transaction(async (tx) => {
      const saved = await tx.save(tx.create(AppUser, { username: dto.username, displayName: dto.displayName, title: dto.title, tier: dto.tier, unitId: unit.id, passwordHash }));
      await this.replaceMemberships(tx, saved.id, dto.groups ?? [], scopes);
      return saved;
    });
    const actor = await this.org.actor(user.id);
    return { id: user.id, username: user.username, groups: actor!.groups };
  }

  async updateUser(username: string, dto: UpdateUserDto): Promise<PersonView> {
    const user = await this.userByUsername(username);
    const unit = dto.unit ? await this.unitByCode(dto.unit, 'unit') : null;
    await this.dataSource.getRepository(AppUser).update(user.id, {
      displayName: dto.displayName ?? user.displayName,
      title: dto.title ?? user.title,
      tier: dto.tier ?? user.tier,
      unitId: unit?.id ?? user.unitId,
    });
    return this.person(username);
  }

  /** Replaces the person's memberships in one transaction; each grant and revocation is an audited row change. */
  async setGroups(username: string, groups: MembershipDto[]): Promise<PersonView> {
    const user = await this.userByUsername(username);
    if (!user.active) throw new RequestValidationError([{ field: 'username', message: bilingual('已停用的人员不能授予岗位', 'a deactivated person cannot be given groups') }]);
    const scopes = await this.membershipScopes(groups, user.unit);
    await this.dataSource.transaction((tx) => this.replaceMemberships(tx, user.id, groups, scopes));
    return this.person(username);
  }

  /**
   * Deactivates a person: they sign in no more, lose their groups, and every open step they hold (or
   * are the last one able to hold) goes to their unit head, else a deputy chief, recorded as a
   * transfer. Running it again hands on whatever is still left.
   */
  async deactivate(admin: Actor, username: string): Promise<DeactivationView> {
    if (username === admin.username) throw new OrgSelfDeactivationError();
    const user = await this.userByUsername(username);
    const groups = (await this.org.actor(user.id))!.groups;
    const successors = await this.successors(user);
    const held = await this.openSteps(username, groups);
    if (held.length > 0 && successors.length === 0) throw new OrgNoSuccessorError(username);
    if (user.active) {
      await this.dataSource.transaction(async (tx) => {
        await tx.getRepository(UserGroup).delete({ userId: user.id });
        await tx.getRepository(AppUser).update(user.id, { active: false, deactivatedAt: this.clock.now() });
      });
    }
    const moved: DeactivationView['moved'] = [];
    for (const taskId of held) {
      const handed = await this.operations.handOver(admin, taskId, successors, `${user.displayName}（${username}）已停用，待办移交`);
      if (handed) moved.push(handed);
    }
    this.logger.log(`${admin.username} deactivated ${username}; ${moved.length} open steps handed on`);
    return { username, active: false, moved };
  }

  async activate(username: string): Promise<PersonView> {
    const user = await this.userByUsername(username);
    await this.dataSource.getRepository(AppUser).update(user.id, { active: true, deactivatedAt: null });
    return this.person(username);
  }

  /** The steps only this person can work: assigned to them, delegated by them, or offered to a group nobody else is in. */
  private async openSteps(username: string, groups: string[]): Promise<string[]> {
    const ids = new Set<string>();
    for (const task of await this.engine.queryTasks({ workableBy: { userId: username, groups: [], owner: true } })) {
      if (task.taskDefinitionKey !== REVISE_TASK) ids.add(task.id);
    }
    const members = await this.org.membersOfGroups(groups);
    const soleGroups = groups.filter((group) => (members.get(group) ?? []).every((m) => m.username === username));
    if (soleGroups.length > 0) {
      for (const task of await this.engine.queryTasks({ unassignedInGroups: soleGroups })) {
        if (task.taskDefinitionKey !== REVISE_TASK) ids.add(task.id);
      }
    }
    return [...ids];
  }

  /** The unit head of the person's unit, then the deputy chiefs; never the person themselves. */
  private async successors(user: AppUser): Promise<string[]> {
    const headGroup = candidateGroupId('unit-head', user.unit.code);
    const members = await this.org.membersOfGroups([headGroup, FALLBACK_SUCCESSOR_GROUP]);
    return [...(members.get(headGroup) ?? []), ...(members.get(FALLBACK_SUCCESSOR_GROUP) ?? [])].map((m) => m.username).filter((name) => name !== user.username);
  }

  private async replaceMemberships(tx: EntityManager, userId: string, groups: MembershipDto[], scopes: Map<number, OrgUnit>): Promise<void> {
    const wanted = groups.map((group, i) => ({ groupCode: group.code, unitId: scopes.get(i)?.id ?? null }));
    const existing = await tx.getRepository(UserGroup).find({ where: { userId } });
    const same = (a: { groupCode: string; unitId: string | null }, b: { groupCode: string; unitId: string | null }) => a.groupCode === b.groupCode && a.unitId === b.unitId;
    // Only real grants and revocations become rows (and audit events); unchanged memberships stay.
    const revoked = existing.filter((row) => !wanted.some((w) => same(w, row)));
    if (revoked.length > 0) await tx.getRepository(UserGroup).remove(revoked);
    const granted = wanted.filter((w, i) => !existing.some((row) => same(w, row)) && wanted.findIndex((x) => same(x, w)) === i);
    for (const grant of granted) await tx.save(tx.create(UserGroup, { userId, ...grant }));
  }

  /**
   * The unit each unit-scoped membership serves: the one named, else the person's own. An
   * optionally scoped one (asset-keeper) serves the unit named, else the whole bureau.
   */
  private async membershipScopes(groups: MembershipDto[], own: OrgUnit): Promise<Map<number, OrgUnit>> {
    const scopes = new Map<number, OrgUnit>();
    for (const [i, group] of groups.entries()) {
      if (UNIT_SCOPED_GROUPS.includes(group.code)) scopes.set(i, group.unit ? await this.unitByCode(group.unit, `groups[${i}].unit`) : own);
      else if (OPTIONALLY_UNIT_SCOPED_GROUPS.includes(group.code) && group.unit) scopes.set(i, await this.unitByCode(group.unit, `groups[${i}].unit`));
    }
    return scopes;
  }

  private async unitByCode(code: string, field: string): Promise<OrgUnit> {
    const unit = await this.dataSource.getRepository(OrgUnit).findOne({ where: { code } });
    if (!unit) throw new RequestValidationError([{ field, message: bilingual(`单位“${code}”不存在`, `unit "${code}" does not exist`) }]);
    return unit;
  }

  private async userByUsername(username: string): Promise<AppUser> {
    const user = await this.org.findUserByUsername(username);
    if (!user) throw new OrgNotFoundError('user', username);
    return user;
  }

  private async person(username: string): Promise<PersonView> {
    return (await this.people({ q: username, inactive: true })).find((p) => p.username === username)!;
  }
}
