import { createHash } from 'node:crypto';
import type { AutoApprovalPolicy } from './auto-approval-facts';

/** Draws are whole numbers 0 … 9999, compared with the share in basis points. */
export const DRAWS = 10000;

export interface SampleDecision {
  draw: number;
  sampled: boolean;
  reason: 'share' | 'over-limit' | null;
}

/** The claim's draw: the first 32 bits of SHA-256 of `seed:claimId`, modulo 10 000. Same seed and id, same draw. */
export function sampleDraw(seed: string, claimId: string): number {
  return createHash('sha256').update(`${seed}:${claimId}`).digest().readUInt32BE(0) % DRAWS;
}

/** 事后抽查: every claim above the second limit, and those whose draw falls under the share. */
export function sampleDecision(claimId: string, amountFen: number, policy: Pick<AutoApprovalPolicy, 'sampleSeed' | 'sampleShareBp' | 'alwaysSampleAboveFen'>): SampleDecision {
  const draw = sampleDraw(policy.sampleSeed, claimId);
  if (amountFen > policy.alwaysSampleAboveFen) return { draw, sampled: true, reason: 'over-limit' };
  if (draw < policy.sampleShareBp) return { draw, sampled: true, reason: 'share' };
  return { draw, sampled: false, reason: null };
}
