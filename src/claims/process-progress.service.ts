import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EngineClient, HistoricActivityInstance } from '../engine/engine-client';
import { OrgService } from '../org/org.service';
import { APPROVAL_TASK } from '../subjects/approval-loop';
import type { CurrentStep, ProcessProgress, ProgressActivity } from './process-progress.views';

export type { CurrentStep, ProcessProgress, ProgressActivity, StepAction } from './process-progress.views';

/** Kinds of activity worth a line in a timeline or a marker on the diagram. */
const SHOWN_TYPES = new Set(['startEvent', 'noneEndEvent', 'endEvent', 'serviceTask', 'userTask', 'externalTask', 'exclusiveGateway']);





/**
 * Where an instance stands, read from the engine's history: the diagram of its own definition
 * version, every activity it went through with who worked it and what they said, and the steps it
 * waits in with who holds them and since when. The browser never asks the engine itself.
 */
@Injectable()
export class ProcessProgressService {
  constructor(private readonly engine: EngineClient, private readonly org: OrgService, private readonly dataSource: DataSource) {}

  async progress(processInstanceId: string): Promise<ProcessProgress | null> {
    const instance = await this.engine.historicProcessInstanceDefinition(processInstanceId);
    if (!instance) return null;
    const [bpmnXml, history, decisions, openTasks, actionRows] = await Promise.all([
      this.engine.processDefinitionXml(instance.processDefinitionId),
      this.engine.historicActivities(processInstanceId),
      this.engine.variableUpdates(processInstanceId, ['decision']),
      this.engine.queryTasks({ processInstanceId }),
      this.dataSource.query(
        `SELECT operation, actor, target, comment, step, step_index, created_at FROM approval_action WHERE process_instance_id = $1 ORDER BY created_at, id`,
        [processInstanceId],
      ) as Promise<{ operation: string; actor: string; target: string | null; comment: string | null; step: string | null; step_index: number | null; created_at: Date }[]>,
    ]);
    const shown = history.filter((activity) => SHOWN_TYPES.has(activity.activityType));
    const userTasks = shown.filter((activity) => activity.activityType === 'userTask' && activity.taskId);
    const comments = new Map(await Promise.all(userTasks.map(async (a) => [a.taskId!, await this.engine.taskComments(a.taskId!)] as const)));
    const links = new Map(await Promise.all(openTasks.map(async (t) => [t.id, await this.engine.taskIdentityLinks(t.id)] as const)));
    const groups = [...new Set([...links.values()].flat().filter((l) => l.type === 'candidate' && l.groupId).map((l) => l.groupId!))];
    const actionPeople = actionRows.flatMap((row) => [row.actor, ...(row.target ?? '').split(',')]);
    const usernames = [...new Set([...shown.map((a) => a.assignee), ...openTasks.map((t) => t.assignee), ...actionPeople].filter((u): u is string => !!u))];
    const [names, members] = await Promise.all([this.org.displayNames(usernames), this.org.membersOfGroups(groups)]);
    const person = (username: string | null) => (username ? { username, displayName: names.get(username) ?? username } : null);

    const activities = shown.map((activity): ProgressActivity => ({
      activityId: activity.activityId,
      name: activity.activityName,
      type: activity.activityType,
      startTime: activity.startTime,
      endTime: activity.endTime,
      canceled: activity.canceled,
      assignee: person(activity.assignee),
      decision: activity.endTime && activity.activityType === 'userTask' ? decisionOf(activity, decisions) : null,
      comments: (activity.taskId ? comments.get(activity.taskId) ?? [] : []).map((c) => ({ author: c.userId, time: c.time, message: c.message })),
    }));
    const openActivities = history.filter((activity) => !activity.endTime && SHOWN_TYPES.has(activity.activityType));
    const current = openActivities.map((activity): CurrentStep => {
      const task = openTasks.find((t) => t.id === activity.taskId);
      const candidates = (task ? links.get(task.id) ?? [] : []).filter((l) => l.type === 'candidate' && l.groupId);
      return {
        activityId: activity.activityId,
        name: activity.activityName,
        since: activity.startTime,
        assignee: person(task?.assignee ?? null),
        candidates: candidates.map((l) => ({ group: l.groupId!, members: members.get(l.groupId!) ?? [] })),
      };
    });
    return {
      processInstanceId,
      processDefinitionId: instance.processDefinitionId,
      processDefinitionKey: instance.processDefinitionKey,
      processDefinitionVersion: instance.processDefinitionVersion,
      bpmnXml,
      activities,
      current,
      actions: actionRows.map((row) => ({
        operation: row.operation,
        actor: person(row.actor)!,
        targets: (row.target ?? '').split(',').filter(Boolean).map((u) => person(u)!),
        comment: row.comment,
        step: row.step,
        stepIndex: row.step_index,
        at: new Date(row.created_at).toISOString(),
      })),
      approvalIndex: openTasks.some((t) => t.taskDefinitionKey === APPROVAL_TASK) ? await this.engine.variable<number>(processInstanceId, 'approvalIndex') : null,
      ended: openActivities.length === 0 && history.length > 0,
    };
  }
}

/** The decision recorded while the task was open (the approver sets it when completing the task). */
function decisionOf(activity: HistoricActivityInstance, updates: { value: unknown; time: string; activityInstanceId: string | null; taskId: string | null }[]): string | null {
  const own = updates.find((u) => u.taskId === activity.taskId || u.activityInstanceId === activity.id);
  if (own) return String(own.value);
  const during = updates.filter((u) => u.time >= activity.startTime && activity.endTime !== null && u.time <= activity.endTime);
  return during.length > 0 ? String(during[during.length - 1].value) : null;
}
