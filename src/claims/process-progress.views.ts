/** Where a process instance stands, as the progress API answers: shared by the server and the browser (types only). */
export interface ProgressActivity {
  activityId: string;
  name: string | null;
  type: string;
  startTime: string;
  endTime: string | null;
  canceled: boolean;
  /** Who worked a user task, with their display name. */
  assignee: { username: string; displayName: string } | null;
  /** The approver's decision on a user task (`approve`, `reject`, `return`) and comments made on it. */
  decision: string | null;
  comments: { author: string | null; time: string; message: string }[];
}

export interface CurrentStep {
  activityId: string;
  name: string | null;
  since: string;
  /** The person holding it, or the people who may claim it through their groups. */
  assignee: { username: string; displayName: string } | null;
  candidates: { group: string; members: { username: string; displayName: string }[] }[];
}

export interface ProcessProgress {
  processInstanceId: string;
  processDefinitionId: string;
  processDefinitionKey: string;
  processDefinitionVersion: number | null;
  /** The BPMN of the definition version the instance runs on, for the diagram. */
  bpmnXml: string;
  activities: ProgressActivity[];
  current: CurrentStep[];
  /** Operations on its steps beside plain decisions (transfer, delegation, added signers, copies, urging, reminders), oldest first. */
  actions: StepAction[];
  /** The step of the approval chain now open (the approval loop's index), or null. */
  approvalIndex: number | null;
  ended: boolean;
}

export interface StepAction {
  operation: string;
  actor: { username: string; displayName: string };
  targets: { username: string; displayName: string }[];
  comment: string | null;
  step: string | null;
  stepIndex: number | null;
  at: string;
}
