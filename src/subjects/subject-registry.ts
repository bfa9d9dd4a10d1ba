import { Injectable } from '@nestjs/common';
import type { Actor } from '../org/org.service';
import type { LinkContributor, Subject, SubjectKind, SubjectLink, SubjectRef } from './subject';
import { SubjectKindUnknownError, SubjectNotFoundError } from './subject.errors';

/** Identifies a subject in maps and sets. */
export const subjectKey = (ref: SubjectRef) => `${ref.kind}:${ref.id}`;

/**
 * The kinds of subject and the links features contribute; features register during module init,
 * the way screening evaluators do. Approvals, copies and 关联查询 depend on this, never on a feature.
 */
@Injectable()
export class SubjectRegistry {
  private readonly kinds = new Map<string, SubjectKind>();
  private readonly byProcessKey = new Map<string, SubjectKind>();
  private readonly contributors: LinkContributor[] = [];

  register(kind: SubjectKind): void {
    if (this.kinds.has(kind.kind)) throw new Error(`subject kind ${kind.kind} is registered twice`);
    this.kinds.set(kind.kind, kind);
    for (const key of kind.processKeys) {
      const taken = this.byProcessKey.get(key);
      if (taken) throw new Error(`process ${key} already decides ${taken.kind}`);
      this.byProcessKey.set(key, kind);
    }
  }

  contributeLinks(contributor: LinkContributor): void {
    this.contributors.push(contributor);
  }

  names(): string[] {
    return [...this.kinds.keys()];
  }

  has(kind: string): boolean {
    return this.kinds.has(kind);
  }

  get(kind: string): SubjectKind {
    const found = this.kinds.get(kind);
    if (!found) throw new SubjectKindUnknownError(kind);
    return found;
  }

  /** The kind whose flow a process definition key is, if any. */
  ofProcess(processDefinitionKey: string): SubjectKind | undefined {
    return this.byProcessKey.get(processDefinitionKey);
  }

  async load(ref: SubjectRef): Promise<Subject> {
    const [subject] = await this.get(ref.kind).load([ref.id]);
    if (!subject) throw new SubjectNotFoundError(ref.kind, ref.id);
    return subject;
  }

  /** Subjects by `kind:id`, each kind asked once; refs of unknown kinds or missing records are left out. */
  async loadMany(refs: SubjectRef[]): Promise<Map<string, Subject>> {
    const idsByKind = new Map<string, Set<string>>();
    for (const ref of refs) if (this.kinds.has(ref.kind)) idsByKind.set(ref.kind, (idsByKind.get(ref.kind) ?? new Set()).add(ref.id));
    const loaded = await Promise.all([...idsByKind].map(([kind, ids]) => this.get(kind).load([...ids])));
    return new Map(loaded.flat().map((subject) => [subjectKey(subject), subject]));
  }

  /**
   * The subjects engine instances decide, by instance id. The kind comes from the process key;
   * an instance of a key no kind names (a flow an administrator saved under a new key) is looked
   * for among every kind.
   */
  async byInstances(instances: { processInstanceId: string; processDefinitionKey: string }[]): Promise<Map<string, Subject>> {
    const idsByKind = new Map<SubjectKind | null, Set<string>>();
    for (const { processInstanceId, processDefinitionKey } of instances) {
      const kind = this.byProcessKey.get(processDefinitionKey) ?? null;
      idsByKind.set(kind, (idsByKind.get(kind) ?? new Set()).add(processInstanceId));
    }
    const found: Subject[] = [];
    await Promise.all(
      [...idsByKind].map(async ([kind, ids]) => {
        const kinds = kind ? [kind] : [...this.kinds.values()];
        for (const each of kinds) found.push(...(await each.loadByInstances([...ids])));
      }),
    );
    return new Map(found.flatMap((subject) => (subject.processInstanceId ? [[subject.processInstanceId, subject] as const] : [])));
  }

  /** Every link the features contribute for the subject, as the actor may see them. */
  async linksOf(subject: Subject, actor: Actor): Promise<SubjectLink[]> {
    const contributing = this.contributors.filter((c) => c.kinds.includes(subject.kind));
    return (await Promise.all(contributing.map((c) => c.links(subject, actor)))).flat();
  }
}
