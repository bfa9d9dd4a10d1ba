import { fenToYuan } from '../common/money';
import type { Subject } from '../subjects/subject';
import type { SubjectSummary } from './task.views';

export const NO_SUBJECT: SubjectSummary = {
  kind: null, subjectId: null, title: null, submitter: null, submitterName: null, unit: null, unitCode: null, amount: null, status: null, submittedOn: null, link: null,
};

/** A subject as list rows show it. */
export function summaryOf(subject: Subject | undefined): SubjectSummary {
  if (!subject) return NO_SUBJECT;
  return {
    kind: subject.kind,
    subjectId: subject.id,
    title: subject.title,
    submitter: subject.submitter,
    submitterName: subject.submitterName,
    unit: subject.unitName,
    unitCode: subject.unitCode,
    amount: subject.amountFen === null ? null : fenToYuan(subject.amountFen),
    status: subject.status,
    submittedOn: subject.submittedOn,
    link: subject.link,
  };
}

/** The process definition key of an engine task's definition id (`expense-claim:3:abc`). */
export const processKeyOf = (processDefinitionId: string) => processDefinitionId.split(':')[0];
