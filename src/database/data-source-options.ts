import { types } from 'pg';
import { DataSourceOptions } from 'typeorm';
import { ENTITIES, MIGRATIONS } from './entities';

// A `date` is a calendar day: keep it as the ISO day string instead of a midnight in some time zone.
types.setTypeParser(types.builtins.DATE, (value: string) => value);

export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    extra: { max: 20 },
  };
}
