/* Plain computations of the asset rule set, shared with the web app (no decorators, no I/O). */
import type { Almanac } from 'json-rules-engine';
import { addDays, daysBetween } from '../common/days';

/** One accepted contract item marked for asset cards, as the asset rule set reads it. */
export interface UncardedLineInput {
  item: string;
  acceptedOn: string;
  /** Units accepted (one card each). */
  quantity: number;
  /** Units already carded from this acceptance line. */
  carded: number;
}

/**
 * AST-UNCARDED: units still without a card `limitDays` or more after acceptance. On the day the
 * limit is reached the line is late; the day before it is not.
 */
export function uncardedCheck(line: UncardedLineInput, today: string, limitDays: number) {
  const uncarded = Math.max(0, Math.ceil(line.quantity) - line.carded);
  const days = daysBetween(line.acceptedOn, today);
  return { item: line.item, acceptedOn: line.acceptedOn, days, limitDays, dueOn: addDays(line.acceptedOn, limitDays), uncarded, late: uncarded > 0 && days >= limitDays };
}

const fact = <T>(almanac: Almanac, name: string) => almanac.factValue(name) as Promise<T>;

/** The computed facts the asset rule set names; what it reads comes in as inputs. */
export const ASSET_FACTS: Record<string, (almanac: Almanac) => Promise<unknown>> = {
  // asset set: input line
  assetUncarded: async (almanac) =>
    uncardedCheck(await fact<UncardedLineInput>(almanac, 'line'), await fact<string>(almanac, 'submittedOn'), Number((await fact<Record<string, unknown>>(almanac, 'policy')).uncardedDays)),
};
