import { BudgetAdjustment, BudgetAlert, BudgetEntry, BudgetLine } from '../budget/budget.entities';
import { Claim, ClaimFinding } from '../claims/claim.entities';
import { AppUser, OrgUnit, UserGroup } from '../org/org.entities';
import { RuleSetVersion } from '../rules/rule-set-version.entity';
import { TravelStandard } from '../standards/travel-standard.entity';
import { ClaimInvoice } from '../invoices/claim-invoice.entity';
import { TravelRequest } from '../travel/travel-request.entity';
import { Trip } from '../travel/trip.entity';
import { FormVersion } from '../forms/form-version.entity';
import { ApprovalAction, SubjectCopy } from '../subjects/approval.entities';
import { Subjects1765600000000 } from './migrations/1765600000000-Subjects';
import { OpenTaskProjection1765730000000 } from './migrations/1765730000000-OpenTaskProjection';
import { ClaimReview1765700000000 } from './migrations/1765700000000-ClaimReview';
import { Notification } from '../notifications/notification.entity';
import { Attachment, AttachmentBlob } from '../attachments/attachment.entity';
import { Attachments1765740000000 } from './migrations/1765740000000-Attachments';
import { MoneyChainFoundation1765750000000 } from './migrations/1765750000000-MoneyChainFoundation';
import { OpenTaskTally1765755000000 } from './migrations/1765755000000-OpenTaskTally';
import { Payments1765770000000 } from './migrations/1765770000000-Payments';
import { CardStatement, CardTransaction, PaymentBatch, PaymentBatchEvent, PaymentLine, PersonAccount } from '../payments/payment.entities';
import { BusinessEventRow } from '../business-events/business-event.entity';
import { Accounting1765760000000 } from './migrations/1765760000000-Accounting';
import { AccountingPeriod, PostingRuleVersion, UnbookedEvent, Voucher, VoucherEntry } from '../accounting/accounting.entities';
import { Supplier } from '../suppliers/supplier.entity';
import { ProcurementAward } from '../procurement/procurement-award.entity';
import { ProcurementQuote, ProcurementRequest } from '../procurement/procurement-request.entity';
import { ProcurementRequests1765780000001 } from './migrations/1765780000001-ProcurementRequests';
import { SuppliersAndAwards1765780000000 } from './migrations/1765780000000-SuppliersAndAwards';
import { Contracts1765790000000 } from './migrations/1765790000000-Contracts';
import { Stocktakes1765830000000 } from './migrations/1765830000000-Stocktakes';
import { Assets1765800000000 } from './migrations/1765800000000-Assets';
import { AssetLife1765810000000 } from './migrations/1765810000000-AssetLife';
import { AssetFlows1765820000000 } from './migrations/1765820000000-AssetFlows';
import { Depreciation1765840000000 } from './migrations/1765840000000-Depreciation';
import { Foundation1763884800000 } from './migrations/1763884800000-Foundation';
import { Screening1764000000000 } from './migrations/1764000000000-Screening';
import { Budget1764100000000 } from './migrations/1764100000000-Budget';
import { BudgetAdjustment1764200000000 } from './migrations/1764200000000-BudgetAdjustment';
import { Forms1764300000000 } from './migrations/1764300000000-Forms';
import { Idempotency1764400000000 } from './migrations/1764400000000-Idempotency';
import { LoginSecurity1764500000000 } from './migrations/1764500000000-LoginSecurity';
import { Audit1764600000000 } from './migrations/1764600000000-Audit';
import { ApprovalOperations1764700000000 } from './migrations/1764700000000-ApprovalOperations';
import { DashboardSummaries1764800000000 } from './migrations/1764800000000-DashboardSummaries';
import { ClaimTally1764900000000 } from './migrations/1764900000000-ClaimTally';
import { StaffDeactivation1765000000000 } from './migrations/1765000000000-StaffDeactivation';
import { SplitClaimPayees1765100000000 } from './migrations/1765100000000-SplitClaimPayees';
import { AuditSealInDatabase1765200000000 } from './migrations/1765200000000-AuditSealInDatabase';
import { AuditChangedColumns1765300000000 } from './migrations/1765300000000-AuditChangedColumns';
import { RegisterClaimInvoicesInDatabase1765400000000 } from './migrations/1765400000000-RegisterClaimInvoicesInDatabase';
import { BudgetMoveInDatabase1765500000000 } from './migrations/1765500000000-BudgetMoveInDatabase';

export const ENTITIES = [
  OrgUnit,
  AppUser,
  UserGroup,
  Claim,
  ClaimFinding,
  RuleSetVersion,
  TravelStandard,
  ClaimInvoice,
  TravelRequest,
  Trip,
  BudgetLine,
  BudgetEntry,
  BudgetAlert,
  BudgetAdjustment,
  FormVersion,
  ApprovalAction,
  SubjectCopy,
  Notification,
  AttachmentBlob,
  Attachment,
  BusinessEventRow,
  PersonAccount,
  PaymentBatch,
  PaymentLine,
  PaymentBatchEvent,
  CardStatement,
  CardTransaction,
  PostingRuleVersion,
  Voucher,
  VoucherEntry,
  AccountingPeriod,
  UnbookedEvent,
  Supplier,
  ProcurementAward,
  ProcurementRequest,
  ProcurementQuote,
];
export const MIGRATIONS = [
  Foundation1763884800000,
  Screening1764000000000,
  Budget1764100000000,
  BudgetAdjustment1764200000000,
  Forms1764300000000,
  Idempotency1764400000000,
  LoginSecurity1764500000000,
  Audit1764600000000,
  ApprovalOperations1764700000000,
  DashboardSummaries1764800000000,
  ClaimTally1764900000000,
  StaffDeactivation1765000000000,
  SplitClaimPayees1765100000000,
  AuditSealInDatabase1765200000000,
  AuditChangedColumns1765300000000,
  RegisterClaimInvoicesInDatabase1765400000000,
  BudgetMoveInDatabase1765500000000,
  Subjects1765600000000,
  ClaimReview1765700000000,
  OpenTaskProjection1765730000000,
  Attachments1765740000000,
  MoneyChainFoundation1765750000000,
  OpenTaskTally1765755000000,
  Payments1765770000000,
  Accounting1765760000000,
  SuppliersAndAwards1765780000000,
  ProcurementRequests1765780000001,
  Contracts1765790000000,
  Assets1765800000000,
  AssetLife1765810000000,
  AssetFlows1765820000000,
  Depreciation1765840000000,
  Stocktakes1765830000000,
];
