import { Claim, ClaimFinding } from '../claims/claim.entities';
import { AppUser, OrgUnit, UserGroup } from '../org/org.entities';
import { Foundation1763884800000 } from './migrations/1763884800000-Foundation';

export const ENTITIES = [OrgUnit, AppUser, UserGroup, Claim, ClaimFinding];
export const MIGRATIONS = [Foundation1763884800000];
