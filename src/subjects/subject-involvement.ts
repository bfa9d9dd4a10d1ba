import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SubjectRef } from './subject';

/**
 * Whether a person outside a subject's readers by role came to it through its approval: it was
 * copied to them, or a step of it was handed to them or worked by them (transferee, delegate,
 * added signer, an approver outside the unit). Every kind's visibility check asks this.
 */
@Injectable()
export class SubjectInvolvement {
  constructor(private readonly dataSource: DataSource) {}

  async involves(ref: SubjectRef, username: string): Promise<boolean> {
    const [{ involved }] = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM subject_copy WHERE subject_kind = $1 AND subject_id = $2 AND recipient = $3)
           OR EXISTS (SELECT 1 FROM approval_action WHERE subject_kind = $1 AND subject_id = $2 AND (target = $3 OR actor = $3)) AS involved`,
      [ref.kind, ref.id, username],
    );
    return involved;
  }

  /** The person opened a subject copied to them: it no longer shows as unread under 抄送我的. */
  async markCopyRead(ref: SubjectRef, username: string): Promise<void> {
    await this.dataSource.query(`UPDATE subject_copy SET read_at = now() WHERE subject_kind = $1 AND subject_id = $2 AND recipient = $3 AND read_at IS NULL`, [ref.kind, ref.id, username]);
  }
}
