import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { PasswordHasher } from '../auth/password-hasher';
import { RequestValidationError } from '../common/domain-error';
import { bilingual } from '../common/validation';
import type { CreateUnitDto, CreateUserDto } from './dto/org-admin.dto';
import { AppUser, candidateGroupId, GroupCode, OrgUnit, UNIT_SCOPED_GROUPS, UserGroup } from './org.entities';
import { OrgConflictError } from './org.errors';

/** The bureau whose units these are: invoices of every unit carry its title and code unless a unit has its own. */
const BUREAU = { invoiceTitle: '义乌市公安局', creditCode: '11330782002580471H' };

/** The caller as the rest of the application sees them. */
export interface Actor {
  id: string;
  username: string;
  displayName: string;
  tier: AppUser['tier'];
  unit: { id: string; code: string; name: string };
  /** Engine candidate-group ids of the user's memberships (`unit-head:chengxi`, `finance`). */
  groups: string[];
}

@Injectable()
export class OrgService {
  constructor(
    @InjectRepository(OrgUnit) private readonly units: Repository<OrgUnit>,
    @InjectRepository(AppUser) private readonly users: Repository<AppUser>,
    @InjectRepository(UserGroup) private readonly memberships: Repository<UserGroup>,
    private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
  ) {}

  async createUnit(dto: CreateUnitDto): Promise<{ id: string; code: string; name: string }> {
    if (await this.units.findOne({ where: { code: dto.code } })) throw new OrgConflictError('code', dto.code);
    if (await this.units.findOne({ where: { name: dto.name } })) throw new OrgConflictError('name', dto.name);
    const unit = await this.units.save(this.units.create({ code: dto.code, name: dto.name, invoiceTitle: dto.invoiceTitle ?? BUREAU.invoiceTitle, creditCode: dto.creditCode ?? BUREAU.creditCode }));
    return { id: unit.id, code: unit.code, name: unit.name };
  }

  /** Creates a user with their group memberships, all or nothing. */
  async createUser(dto: CreateUserDto): Promise<{ id: string; username: string; groups: string[] }> {
    const unit = await this.units.findOne({ where: { code: dto.unit } });
    if (!unit) throw new RequestValidationError([{ field: 'unit', message: bilingual(`单位“${dto.unit}”不存在`, `unit "${dto.unit}" does not exist`) }]);
    if (await this.users.findOne({ where: { username: dto.username } })) throw new OrgConflictError('username', dto.username);
    const scopes = new Map<string, OrgUnit>();
    for (const [i, group] of (dto.groups ?? []).entries()) {
      if (!UNIT_SCOPED_GROUPS.includes(group.code)) continue;
      const scope = group.unit ? await this.units.findOne({ where: { code: group.unit } }) : unit;
      if (!scope) throw new RequestValidationError([{ field: `groups[${i}].unit`, message: bilingual(`单位“${group.unit}”不存在`, `unit "${group.unit}" does not exist`) }]);
      scopes.set(String(i), scope);
    }
    const passwordHash = await this.hasher.hash(dto.password);
    const user = await this.dataSource.transaction(async (tx) => {
      const saved = await tx.save(tx.create(AppUser, { username: dto.username, displayName: dto.displayName, title: dto.title, tier: dto.tier, unitId: unit.id, passwordHash }));
      for (const [i, group] of (dto.groups ?? []).entries()) {
        await tx.save(tx.create(UserGroup, { userId: saved.id, groupCode: group.code, unitId: scopes.get(String(i))?.id ?? null }));
      }
      return saved;
    });
    const actor = await this.actor(user.id);
    return { id: user.id, username: user.username, groups: actor!.groups };
  }

  async findUserWithPasswordHash(username: string): Promise<AppUser | null> {
    return this.users
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .leftJoinAndSelect('user.unit', 'unit')
      .where('user.username = :username', { username })
      .getOne();
  }

  async findUserByUsername(username: string): Promise<AppUser | null> {
    return this.users.findOne({ where: { username } });
  }

  /** Display names of the given users, by username. */
  async displayNames(usernames: string[]): Promise<Map<string, string>> {
    if (usernames.length === 0) return new Map();
    const users = await this.users.createQueryBuilder('user').where('user.username IN (:...usernames)', { usernames }).getMany();
    return new Map(users.map((user) => [user.username, user.displayName]));
  }

  /** The members of candidate groups (`unit-head:chengxi`, `finance`), by group id. */
  async membersOfGroups(groupIds: string[]): Promise<Map<string, { username: string; displayName: string }[]>> {
    const members = new Map<string, { username: string; displayName: string }[]>(groupIds.map((id) => [id, []]));
    if (groupIds.length === 0) return members;
    const codes = [...new Set(groupIds.map((id) => id.split(':')[0]))];
    const rows = await this.memberships.find({ where: { groupCode: In(codes as GroupCode[]) } });
    const users = rows.length === 0 ? [] : await this.users.findBy({ id: In([...new Set(rows.map((row) => row.userId))]) });
    const byId = new Map(users.map((user) => [user.id, user]));
    for (const row of rows) {
      const list = members.get(candidateGroupId(row.groupCode, row.unit?.code));
      const user = byId.get(row.userId);
      if (list && user) list.push({ username: user.username, displayName: user.displayName });
    }
    return members;
  }

  async findUnitByName(name: string): Promise<OrgUnit | null> {
    return this.units.findOne({ where: { name } });
  }

  async actor(userId: string): Promise<Actor | null> {
    const user = await this.users.findOne({ where: { id: userId } });
    if (!user) return null;
    const memberships = await this.memberships.find({ where: { userId } });
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      tier: user.tier,
      unit: { id: user.unit.id, code: user.unit.code, name: user.unit.name },
      groups: memberships.map((m) => candidateGroupId(m.groupCode, m.unit?.code)),
    };
  }

  /** The candidate group of a unit-scoped role, e.g. the unit head of 城西派出所 → `unit-head:chengxi`. */
  unitGroup(code: GroupCode, unit: OrgUnit): string {
    return candidateGroupId(code, unit.code);
  }
}
