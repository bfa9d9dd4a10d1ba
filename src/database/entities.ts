import { BudgetAdjustment, BudgetAlert, BudgetEntry, BudgetLine } from '../budget/budget.entities';
import { Claim, ClaimFinding } from '../claims/claim.entities';
import { AppUser, OrgUnit, UserGroup } from '../org/org.entities';
import { RuleSetVersion } from '../rules/rule-set-version.entity';
import { TravelStandard } from '../standards/travel-standard.entity';
import { ClaimInvoice } from '../invoices/claim-invoice.entity';
import { TravelRequest } from '../travel/travel-request.entity';
import { Trip } from '../travel/trip.entity';
import { FormVersion } from '../forms/form-version.entity';
import { Foundation1763884800000 } from './migrations/1763884800000-Foundation';
import { Screening1764000000000 } from './migrations/1764000000000-Screening';
import { Budget1764100000000 } from './migrations/1764100000000-Budget';
import { BudgetAdjustment1764200000000 } from './migrations/1764200000000-BudgetAdjustment';
import { Forms1764300000000 } from './migrations/1764300000000-Forms';
import { Idempotency1764400000000 } from './migrations/1764400000000-Idempotency';
import { LoginSecurity1764500000000 } from './migrations/1764500000000-LoginSecurity';

export const ENTITIES = [OrgUnit, AppUser, UserGroup, Claim, ClaimFinding, RuleSetVersion, TravelStandard, ClaimInvoice, TravelRequest, Trip, BudgetLine, BudgetEntry, BudgetAlert, BudgetAdjustment, FormVersion];
export const MIGRATIONS = [Foundation1763884800000, Screening1764000000000, Budget1764100000000, BudgetAdjustment1764200000000, Forms1764300000000, Idempotency1764400000000, LoginSecurity1764500000000];
