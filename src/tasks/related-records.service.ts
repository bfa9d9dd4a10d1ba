import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../org/org.service';
import type { Subject, SubjectLink, SubjectRef } from '../subjects/subject';
import { SubjectRegistry, subjectKey } from '../subjects/subject-registry';
import { summaryOf } from './subject-summary';
import type { HistoryEntry, RelatedView } from './task.views';

/** Linked subjects whose own links are followed (the second hop), at most. */
const SECOND_HOP_LIMIT = 20;

/**
 * 关联查询 for any subject: the links every feature contributes for it, the links of the linked
 * subjects the viewer may read (a second hop), and the approval history of each subject shown.
 * A linked subject the viewer may not read is left out, with whatever it alone would have led to.
 */
@Injectable()
export class RelatedRecordsService {
  constructor(private readonly dataSource: DataSource, private readonly subjects: SubjectRegistry) {}

  async related(actor: Actor, ref: SubjectRef): Promise<RelatedView> {
    await this.subjects.get(ref.kind).assertVisible(actor, ref.id);
    const subject = await this.subjects.load(ref);
    const seen = new Set([subjectKey(subject)]);
    const links: (SubjectLink & { hop: number; via: SubjectRef | null })[] = [];
    const followed: Subject[] = [];

    for (const link of await this.visible(actor, await this.subjects.linksOf(subject, actor))) {
      const key = `${link.kind ?? link.relation}:${link.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      links.push({ ...link, hop: 1, via: null });
    }
    const linkedSubjects = await this.subjects.loadMany(links.filter((l) => l.kind).slice(0, SECOND_HOP_LIMIT).map((l) => ({ kind: l.kind!, id: l.id })));
    for (const linked of linkedSubjects.values()) {
      followed.push(linked);
      for (const link of await this.visible(actor, await this.subjects.linksOf(linked, actor))) {
        const key = `${link.kind ?? link.relation}:${link.id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        links.push({ ...link, hop: 2, via: { kind: linked.kind, id: linked.id } });
      }
    }

    const histories = await this.histories([subject, ...links.filter((l) => l.kind).map((l) => ({ kind: l.kind!, id: l.id }))]);
    return {
      subject: summaryOf(subject),
      history: histories.get(subjectKey(subject)) ?? [],
      links: links.map((link) => ({ ...link, history: link.kind ? histories.get(subjectKey({ kind: link.kind, id: link.id })) ?? [] : [] })),
    };
  }

  /** The links the actor may follow: records that are not subjects come with their subject; subjects are checked one by one. */
  private async visible(actor: Actor, links: SubjectLink[]): Promise<SubjectLink[]> {
    const checks = await Promise.all(
      links.map(async (link) => {
        if (!link.kind || !this.subjects.has(link.kind)) return true;
        return this.subjects.get(link.kind).assertVisible(actor, link.id).then(() => true, () => false);
      }),
    );
    return links.filter((_, i) => checks[i]);
  }

  /** Every subject's approval operations, oldest first, in one query. */
  private async histories(refs: SubjectRef[]): Promise<Map<string, HistoryEntry[]>> {
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT a.subject_kind, a.subject_id, a.operation, a.actor, u.display_name, a.target, a.comment, a.step, a.created_at
       FROM approval_action a LEFT JOIN app_user u ON u.username = a.actor
       WHERE (a.subject_kind, a.subject_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
       ORDER BY a.created_at, a.id`,
      [refs.map((r) => r.kind), refs.map((r) => r.id)],
    );
    const histories = new Map<string, HistoryEntry[]>();
    for (const row of rows) {
      const key = subjectKey({ kind: row.subject_kind, id: row.subject_id });
      const list = histories.get(key) ?? [];
      list.push({ operation: row.operation, actor: row.actor, actorName: row.display_name ?? row.actor, target: row.target, comment: row.comment, step: row.step, at: new Date(row.created_at).toISOString() });
      histories.set(key, list);
    }
    return histories;
  }
}
