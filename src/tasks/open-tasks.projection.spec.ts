import { workerKeys, workersOf } from './open-tasks.projection';

const overlaps = (a: string[], b: string[]) => a.some((key) => b.includes(key));

describe('who an open task is workable by, as the engine\'s 待办 query means it', () => {
  it('offers an unassigned task to its candidate users and the members of its candidate groups', () => {
    const workers = workersOf({ assignee: null, owner: null, candidateUsers: ['zhaoliu'], candidateGroups: ['unit-head:cx', 'finance'] });
    expect(overlaps(workers, workerKeys('lisi', ['unit-head:cx']))).toBe(true);
    expect(overlaps(workers, workerKeys('zhaoliu', []))).toBe(true);
    expect(overlaps(workers, workerKeys('chief', ['chief']))).toBe(false);
  });

  it('gives an assigned task to its assignee alone: candidates no longer see it', () => {
    const workers = workersOf({ assignee: 'wangwu', owner: null, candidateUsers: ['zhaoliu'], candidateGroups: ['finance'] });
    expect(workers).toEqual(['u:wangwu']);
    expect(overlaps(workers, workerKeys('other', ['finance']))).toBe(false);
  });

  it('keeps a delegated task in the delegator\'s list beside the delegate\'s', () => {
    const workers = workersOf({ assignee: 'zhaoliu', owner: 'lisi', candidateUsers: [], candidateGroups: ['unit-head:cx'] });
    expect(workers).toEqual(['u:lisi', 'u:zhaoliu']);
  });
});
