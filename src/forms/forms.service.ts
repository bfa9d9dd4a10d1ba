import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Repository } from 'typeorm';
import { RequestValidationError } from '../common/domain-error';
import { PROJECT_ROOT } from '../common/project-root';
import { bilingual } from '../common/validation';
import { formDataKeys } from './form-keys';
import { formFieldErrors } from './form-validation';
import { FormDefinition, FormVersion } from './form-version.entity';
import { FormNotFoundError } from './forms.errors';
import { preparedQuery } from '../database/prepared-query';

export const FORMS_DIR = join(PROJECT_ROOT, 'forms');

export interface FormView {
  name: string;
  version: number;
  title: string;
  definition: FormDefinition;
}

/**
 * The Form.io definitions staff fill in. The files in forms/ are version 1 (or a later version when a
 * release changes them); every version lives in the database. Submissions are validated against the version in force with the same definition the
 * browser rendered, and the caller records which version that was.
 */
@Injectable()
export class FormsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(FormsService.name);

  /** Form versions read so far, by `name@version`: a stored version never changes. */
  private readonly views = new Map<string, FormView>();

  constructor(@InjectRepository(FormVersion) private readonly versions: Repository<FormVersion>) {}

  /**
   * Stores each shipped file as a version of its form: version 1 on a new database, and a new version
   * when a release changed the file (as the engine deploys a changed process). Under an advisory lock,
   * so API instances starting together store it once.
   */
  async onApplicationBootstrap(): Promise<void> {
    for (const file of readdirSync(FORMS_DIR).filter((f) => f.endsWith('.json'))) {
      const name = file.replace(/\.json$/, '');
      const definition = JSON.parse(readFileSync(join(FORMS_DIR, file), 'utf8')) as FormDefinition;
      const stored = await this.versions.manager.transaction(async (tx) => {
        await tx.query(`SELECT pg_advisory_xact_lock(hashtext('form_version:' || $1))`, [name]);
        const [shipped] = await tx.query(`SELECT definition FROM form_version WHERE name = $1 AND created_by = 'shipped' ORDER BY version DESC LIMIT 1`, [name]);
        if (shipped && isDeepStrictEqual(shipped.definition, definition)) return null;
        const [{ next }] = await tx.query(`SELECT coalesce(max(version), 0) + 1 AS next FROM form_version WHERE name = $1`, [name]);
        await tx.query(`INSERT INTO form_version (name, version, definition, created_by) VALUES ($1, $2, $3, 'shipped')`, [name, next, JSON.stringify(definition)]);
        return next as number;
      });
      if (stored) this.logger.log(`form ${name}: stored the shipped file as version ${stored}`);
    }
  }

  /**
   * Stores an administrator's edit as the form's next version, in force for new submissions. Refused
   * when it drops or renames a key the shipped form writes: the claim document and the screening
   * rules read those.
   */
  async addVersion(name: string, definition: FormDefinition, actor: string): Promise<FormView> {
    await this.current(name);
    const [shipped] = await this.versions.query(`SELECT definition FROM form_version WHERE name = $1 AND created_by = 'shipped' ORDER BY version DESC LIMIT 1`, [name]);
    const kept = new Set(formDataKeys(definition.components as never));
    const missing = formDataKeys((shipped?.definition as FormDefinition | undefined)?.components as never).filter((key) => !kept.has(key));
    if (missing.length > 0) {
      throw new RequestValidationError(missing.map((key) => ({ field: key, message: bilingual(`表单缺少字段“${key}”：报销单和审核规则需要它，不能删除或改名`, `the form lacks the key "${key}": the claim document and the screening rules need it, so it cannot be removed or renamed`) })));
    }
    const version = await this.versions.manager.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('form_version:' || $1))`, [name]);
      const [{ next }] = await tx.query(`SELECT coalesce(max(version), 0) + 1 AS next FROM form_version WHERE name = $1`, [name]);
      await tx.query(`INSERT INTO form_version (name, version, definition, created_by) VALUES ($1, $2, $3, $4)`, [name, next, JSON.stringify(definition), actor]);
      return next as number;
    });
    this.logger.log(`${actor} stored form ${name} version ${version}`);
    return this.current(name);
  }

  async list(): Promise<{ name: string; version: number; title: string }[]> {
    const rows = await this.versions.query(`SELECT DISTINCT ON (name) name, version, definition->>'title' AS title FROM form_version ORDER BY name, version DESC`);
    return rows.map((row: { name: string; version: number; title: string | null }) => ({ name: row.name, version: row.version, title: row.title ?? row.name }));
  }

  /**
   * The version in force: the latest one stored. Versions are only ever added, so each one's
   * definition is read once; every claim submitted asks which version is the latest, a one-row
   * lookup, instead of reading and decoding the whole definition again. The view is shared: read it,
   * never change it.
   */
  async current(name: string): Promise<FormView> {
    const [latest] = await preparedQuery<{ version: number | null }>(this.versions.manager.connection, `SELECT max(version) AS version FROM form_version WHERE name = $1`, [name]);
    if (latest?.version == null) throw new FormNotFoundError(name);
    const key = `${name}@${latest.version}`;
    let view = this.views.get(key);
    if (!view) {
      const row = await this.versions.findOneByOrFail({ name, version: latest.version });
      view = { name, version: row.version, title: String(row.definition.title ?? name), definition: row.definition };
      this.views.set(key, view);
    }
    return view;
  }

  /**
   * Checks a submission against the form in force; throws one 400 naming every field the form refuses.
   * Returns the version it was checked against, for the record to keep.
   */
  async validate(name: string, data: object): Promise<number> {
    const form = await this.current(name);
    const errors = formFieldErrors(form.definition, data as Record<string, unknown>);
    if (errors.length > 0) throw new RequestValidationError(errors);
    return form.version;
  }
}
