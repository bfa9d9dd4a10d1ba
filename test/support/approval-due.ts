import { isoDayInChina } from '../../src/common/clock';
import { adminClient } from './people';

/**
 * Stores a routing version whose approval steps fall due after `seconds` (a drill), effective today,
 * and answers the function that stores the working-day period back. Steps created meanwhile are
 * reminded and escalated within seconds, on the engine's real timers.
 */
export async function drillApprovalDue(seconds: number): Promise<() => Promise<void>> {
  const admin = await adminClient();
  const original = (await admin.get('/api/rules/routing')).body.inForce;
  const store = async (approvalDue: Record<string, number>) => {
    const stored = await admin.put('/api/rules/routing', {
      effectiveFrom: isoDayInChina(new Date()), description: original.description, inputs: original.inputs, rules: original.rules,
      data: { ...original.data, approvalDue }, dryRun: 1,
    });
    if (stored.status !== 200) throw new Error(`could not store the routing version: ${stored.status} ${JSON.stringify(stored.body)}`);
  };
  await store({ seconds });
  return () => store(original.data.approvalDue ?? { workingDays: 1 });
}
