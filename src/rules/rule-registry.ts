import type { Almanac } from 'json-rules-engine';
import { AutoApprovalPolicy, autoApprovalFacts } from '../auto-approval/auto-approval-facts';
import { budgetNeed, LineFacts, sangongCheck, specialFundCheck } from '../budget/budget-facts';
import { isValidCreditCode } from '../invoices/credit-code';
import {
  buyerFacts,
  invoiceDates,
  InvoiceInput,
  invoiceMath,
  lodgingCity,
  parseInvoiceNumber,
  TripWindow,
} from '../invoices/invoice-facts';
import {
  allowanceCheck,
  fullFareCheck,
  lodgingCheck,
  lodgingWithoutInvoice,
  seatClassCheck,
  TripInput,
  TripStandards,
} from '../standards/standards-facts';
import { DatedPlace, EarlierTrips, tripConflicts } from '../travel/trip-facts';
import { DocumentRequirement, RequiredDocumentsClaim, requiredDocuments } from '../documents/required-documents';
import { InvoiceOriginal, originalCheck } from '../invoices/original-facts';
import { CardRequiredPolicy, cardSettlement } from '../payments/card-settlement';
import { CONTRACT_FACTS } from '../contracts/contract-facts';
import { ASSET_FACTS } from '../assets/asset-facts';
import { ASSET_DISPOSAL_FACTS } from '../asset-flows/asset-flow-rules';

/** Computes a fact from the almanac (the inputs and other facts); `params` come from the condition. */
export type FactProvider = (almanac: Almanac, params: Record<string, unknown>) => Promise<unknown>;

/**
 * Custom operators: the checks a rule names but JSON cannot express. Policy values stay in the rule
 * files; these only compute.
 */
export const OPERATORS: Record<string, (factValue: unknown, jsonValue: unknown) => boolean> = {
  /** factValue is a 统一社会信用代码; jsonValue says whether it should be valid. */
  isValidCreditCode: (factValue, jsonValue) => isValidCreditCode(factValue) === jsonValue,
  /** Both are lists and share at least one element. */
  intersects: (factValue, jsonValue) =>
    Array.isArray(factValue) && Array.isArray(jsonValue) && factValue.some((item) => jsonValue.includes(item)),
};

const fact = <T>(almanac: Almanac, name: string) => almanac.factValue(name) as Promise<T>;

/** Facts computed from the inputs and from facts the features register (look-ups in the database). */
export const COMPUTED_FACTS: Record<string, FactProvider> = {
  today: async (almanac) => {
    const day = await fact<string>(almanac, 'submittedOn');
    return { date: day, yearOfCentury: Number(day.slice(2, 4)) };
  },

  // invoice set: inputs invoice, unit, tripWindow
  invoiceNumber: async (almanac) => parseInvoiceNumber(await fact<InvoiceInput>(almanac, 'invoice')),
  invoiceMath: async (almanac) => invoiceMath(await fact<InvoiceInput>(almanac, 'invoice')),
  invoiceDates: async (almanac) =>
    invoiceDates(await fact<InvoiceInput>(almanac, 'invoice'), await fact<string>(almanac, 'submittedOn'), (await fact<TripWindow | null>(almanac, 'tripWindow')) ?? null),
  buyerCheck: async (almanac) =>
    buyerFacts(await fact<InvoiceInput>(almanac, 'invoice'), await fact<{ invoiceTitle: string; creditCode: string }>(almanac, 'unit')),
  lodgingCity: async (almanac) =>
    lodgingCity(await fact<InvoiceInput>(almanac, 'invoice'), (await fact<TripWindow | null>(almanac, 'tripWindow')) ?? null),
  originalCheck: async (almanac) =>
    originalCheck(
      await fact<InvoiceInput>(almanac, 'invoice'),
      (await fact<InvoiceOriginal | null>(almanac, 'original')) ?? null,
      (await fact<{ originalsRequiredFrom?: string }>(almanac, 'policy')).originalsRequiredFrom,
    ),

  // documents set: inputs claim (the document), attachmentCategories
  requiredDocuments: async (almanac) =>
    requiredDocuments(
      await fact<RequiredDocumentsClaim>(almanac, 'claim'),
      (await fact<string[]>(almanac, 'attachmentCategories')) ?? [],
      (await fact<{ required?: DocumentRequirement[] }>(almanac, 'policy')).required ?? [],
    ),

  // trip set: inputs trip, traveller, claimId; earlierTrips is registered by the travel feature
  tripConflicts: async (almanac) => tripConflicts(await fact<DatedPlace>(almanac, 'trip'), await fact<EarlierTrips>(almanac, 'earlierTrips')),

  // standards set: inputs trip, invoices, traveller; travelStandards is registered by the standards feature
  lodgingCheck: async (almanac) =>
    lodgingCheck(await fact<TripInput>(almanac, 'trip'), await fact<InvoiceInput[]>(almanac, 'invoices'), await fact<TripStandards>(almanac, 'travelStandards')),
  lodgingWithoutInvoice: async (almanac) => lodgingWithoutInvoice(await fact<TripInput>(almanac, 'trip'), await fact<InvoiceInput[]>(almanac, 'invoices')),
  seatClassCheck: async (almanac) => seatClassCheck(await fact<TripInput>(almanac, 'trip'), await fact<TripStandards>(almanac, 'travelStandards')),
  fullFareCheck: async (almanac) =>
    fullFareCheck(await fact<TripInput>(almanac, 'trip'), Number((await fact<{ fullFareMinDaysAhead: number }>(almanac, 'policy')).fullFareMinDaysAhead)),
  allowanceCheck: async (almanac) => allowanceCheck(await fact<TripInput>(almanac, 'trip'), await fact<TripStandards>(almanac, 'travelStandards')),

  // claim and routing sets: inputs claim, findings, chain, claimantGroups; splitClaims is registered by routing
  claimSubjects: async (almanac) => {
    const claim = await fact<{ budgetLine: { subject: string }; items?: { subject: string }[] }>(almanac, 'claim');
    return [...new Set([claim.budgetLine.subject, ...(claim.items ?? []).map((item) => item.subject)])];
  },
  findingSeverities: async (almanac) => [...new Set(((await fact<{ severity: string }[]>(almanac, 'findings')) ?? []).map((f) => f.severity))],
  routingAmountFen: async (almanac) => {
    const claim = await fact<{ totalFen: number }>(almanac, 'claim');
    const split = await fact<{ crossedTierFen: number | null; combinedFen: number } | undefined>(almanac, 'splitClaims');
    return split?.crossedTierFen ? Math.max(claim.totalFen, split.combinedFen) : claim.totalFen;
  },
  autoApproval: async (almanac) => {
    const policy = await fact<{ autoApproval?: AutoApprovalPolicy }>(almanac, 'policy');
    return autoApprovalFacts(await fact<number>(almanac, 'routingAmountFen'), await fact<string[]>(almanac, 'claimSubjects'), policy.autoApproval);
  },
  // budget set: inputs claim; budgetLine is registered by the budget feature
  budgetNeed: async (almanac) => budgetNeed(await fact<LineFacts>(almanac, 'budgetLine'), (await fact<{ totalFen: number }>(almanac, 'claim')).totalFen),
  specialFundCheck: async (almanac) => {
    const claim = await fact<{ budgetLine: { subject: string }; items?: { subject: string }[] }>(almanac, 'claim');
    const subjects = [...new Set([claim.budgetLine.subject, ...(claim.items ?? []).map((item) => item.subject)])];
    return specialFundCheck(await fact<LineFacts>(almanac, 'budgetLine'), subjects);
  },
  sangongCheck: async (almanac) => {
    const claim = await fact<{ budgetLine: { subject: string }; totalFen: number }>(almanac, 'claim');
    const policy = await fact<{ sangongSubjects: string[] }>(almanac, 'policy');
    return sangongCheck(await fact<LineFacts>(almanac, 'budgetLine'), claim.budgetLine.subject, policy.sangongSubjects ?? [], claim.totalFen);
  },

  // payment set: inputs claim ({ subjects, totalFen }), cardMatches
  cardSettlement: async (almanac) =>
    cardSettlement(
      await fact<{ subjects: string[]; totalFen: number }>(almanac, 'claim'),
      (await fact<number>(almanac, 'cardMatches')) ?? 0,
      (await fact<{ cardRequired?: CardRequiredPolicy }>(almanac, 'policy')).cardRequired,
    ),

  selfApproval: async (almanac) => {
    const chain = (await fact<{ step: string; group: string }[]>(almanac, 'chain')) ?? [];
    const groups = (await fact<string[]>(almanac, 'claimantGroups')) ?? [];
    const held = chain.filter((step) => groups.includes(step.group));
    return { count: held.length, steps: held };
  },

  // contract and contract-payment sets
  ...CONTRACT_FACTS,
  // asset set
  ...ASSET_FACTS,

  // asset-disposal set: input cards
  ...ASSET_DISPOSAL_FACTS,
};

/** Facts every evaluation provides, besides a set's own inputs. */
export const AMBIENT_FACTS = ['policy', 'submittedOn'];
