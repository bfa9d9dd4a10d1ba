import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { AppUser, candidateGroupId, GroupCode, OrgUnit, UserGroup } from './org.entities';
import { preparedQuery } from '../database/prepared-query';


/** The caller as the rest of the application sees them. */
export interface Actor {
  id: string;
  username: string;
  displayName: string;
  tier: AppUser['tier'];
  unit: { id: string; code: string; name: string };
  /** Engine candidate-group ids of the user's memberships (`unit-head:chengxi`, `finance`). */
  groups: string[];
  /** False once the account is deactivated: it signs in no more. */
  active: boolean;
}

@Injectable()
export class OrgService {
  constructor(
    @InjectRepository(OrgUnit) private readonly units: Repository<OrgUnit>,
    @InjectRepository(AppUser) private readonly users: Repository<AppUser>,
    @InjectRepository(UserGroup) private readonly memberships: Repository<UserGroup>,
  ) {}

  async findUserWithPasswordHash(username: string): Promise<AppUser | null> {
    return this.users
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .leftJoinAndSelect('user.unit', 'unit')
      .where('user.username = :username', { username })
      .getOne();
  }

  async findUserByUsername(username: string): Promise<AppUser | null> {
    // find, not findOne: with the eager unit, findOne's limit costs a second query.
    return (await this.users.find({ where: { username } }))[0] ?? null;
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
    const users = rows.length === 0 ? [] : await this.users.findBy({ id: In([...new Set(rows.map((row) => row.userId))]), active: true });
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

  /** The caller with their unit and groups, in one query: every authenticated request asks for it. */
  async actor(userId: string): Promise<Actor | null> {
    const [row] = await preparedQuery(
      this.users.manager.connection,
      `SELECT u.id, u.username, u.display_name, u.tier, u.active, ou.id AS unit_id, ou.code AS unit_code, ou.name AS unit_name,
              coalesce(json_agg(json_build_object('code', g.group_code, 'unit', gu.code)) FILTER (WHERE g.id IS NOT NULL), '[]') AS memberships
         FROM app_user u
         JOIN org_unit ou ON ou.id = u.unit_id
         LEFT JOIN user_group g ON g.user_id = u.id
         LEFT JOIN org_unit gu ON gu.id = g.unit_id
        WHERE u.id = $1
        GROUP BY u.id, ou.id`,
      [userId],
    );
    if (!row) return null;
    return {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      tier: row.tier,
      unit: { id: row.unit_id, code: row.unit_code, name: row.unit_name },
      groups: (row.memberships as { code: GroupCode; unit: string | null }[]).map((m) => candidateGroupId(m.code, m.unit)),
      active: row.active,
    };
  }

  /** The candidate group of a unit-scoped role, e.g. the unit head of 城西派出所 → `unit-head:chengxi`. */
  unitGroup(code: GroupCode, unit: OrgUnit): string {
    return candidateGroupId(code, unit.code);
  }
}
