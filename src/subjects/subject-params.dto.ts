import { Matches } from 'class-validator';
import { bilingual } from '../common/validation';

/** What a subject's kind and id look like wherever a request names one. */
export const SUBJECT_KIND = /^[a-z][a-z0-9-]{0,63}$/;
export const SUBJECT_ID = /^[A-Za-z0-9-]{1,64}$/;

/** A subject named in a path: `/api/subjects/:kind/:id/…`. */
export class SubjectParams {
  @Matches(SUBJECT_KIND, { message: bilingual('类型应为单据类型，如 expense-claim', 'kind must be a kind of record such as expense-claim') })
  kind!: string;

  @Matches(SUBJECT_ID, { message: bilingual('应为单据编号', 'id must be the id of a record') })
  id!: string;
}
