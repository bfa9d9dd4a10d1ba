import type { EngineClient, EngineIdentityLinkLogEntry, EngineTask } from '../engine/engine-client';
import type { OrgService } from '../org/org.service';
import { ApprovalOperationsService } from './approval-operations.service';

const task = (id: string, assignee: string | null = null) => ({ id, assignee, created: '2026-11-30T08:00:00.000+0000' }) as EngineTask;
const entry = (taskId: string, operationType: 'add' | 'delete', link: { userId?: string; groupId?: string }): EngineIdentityLinkLogEntry => ({
  taskId, operationType, type: 'candidate', userId: link.userId ?? null, groupId: link.groupId ?? null, time: '2026-11-30T08:00:00.000+0000',
});

function service(log: EngineIdentityLinkLogEntry[]) {
  const engine = {
    identityLinkLog: jest.fn(async () => log),
    taskIdentityLinks: jest.fn(async () => [{ type: 'candidate', userId: null, groupId: 'finance' }]),
  };
  const org = {
    membersOfGroups: jest.fn(async (groups: string[]) => new Map(groups.map((g) => [g, g === 'unit-head:cx' ? [{ username: 'lisi', displayName: '李四' }] : [{ username: 'wangwu', displayName: '王五' }]]))),
  };
  const operations = new ApprovalOperationsService(
    undefined as never, engine as unknown as EngineClient, undefined as never, org as unknown as OrgService,
    undefined as never, undefined as never, undefined as never, undefined as never, undefined as never,
  );
  return { operations, engine, org };
}

describe('holders of new steps', () => {
  it('reads the candidate links of every new step from one read of the identity-link log, and the groups in one query', async () => {
    const { operations, engine, org } = service([entry('t1', 'add', { groupId: 'unit-head:cx' }), entry('t2', 'add', { userId: 'zhaoliu' }), entry('other', 'add', { groupId: 'chief' })]);
    const holders = await operations.holdersOfNew([task('t1'), task('t2'), task('t3', 'chief1')], '2026-11-30T07:59:59.000+0000');
    expect(holders).toEqual(new Map([['t1', ['lisi']], ['t2', ['zhaoliu']], ['t3', ['chief1']]]));
    expect(engine.identityLinkLog).toHaveBeenCalledTimes(1);
    expect(engine.taskIdentityLinks).not.toHaveBeenCalled();
    expect(org.membersOfGroups).toHaveBeenCalledTimes(1);
  });

  it('leaves out a link removed after it was added', async () => {
    const { operations } = service([entry('t1', 'add', { groupId: 'unit-head:cx' }), entry('t1', 'add', { userId: 'zhaoliu' }), entry('t1', 'delete', { groupId: 'unit-head:cx' })]);
    expect((await operations.holdersOfNew([task('t1')], 'x')).get('t1')).toEqual(['zhaoliu']);
  });

  it('asks the engine for the links of a step the log says nothing of', async () => {
    const { operations, engine } = service([]);
    expect((await operations.holdersOfNew([task('t1')], 'x')).get('t1')).toEqual(['wangwu']);
    expect(engine.taskIdentityLinks).toHaveBeenCalledWith('t1');
  });

  it('does not read the log when every new step has an assignee', async () => {
    const { operations, engine } = service([]);
    expect((await operations.holdersOfNew([task('t1', 'lisi')], 'x')).get('t1')).toEqual(['lisi']);
    expect(engine.identityLinkLog).not.toHaveBeenCalled();
  });
});
