import 'reflect-metadata';
import { join } from 'node:path';
import { loadConfig } from '../config/app-config';
import { Backup, BackupError } from './backup';

/**
 * `npm run backup [-- <folder>]`, `npm run restore -- <folder>`, `npm run backup:verify`: with the
 * product stopped, on the configuration `npm start` uses (the same environment).
 */
async function main(): Promise<void> {
  const [command, folder] = process.argv.slice(2);
  const config = loadConfig();
  const tool = new Backup(config);
  switch (command) {
    case 'backup': {
      const target = folder ?? join('backups', new Date().toISOString().replace(/[:.]/g, '-'));
      await tool.backup(target);
      return;
    }
    case 'restore': {
      if (!folder) throw new BackupError('name the backup folder: npm run restore -- backups/<folder>');
      const report = await tool.restore(folder);
      if (!report.ok) process.exitCode = 1;
      return;
    }
    case 'verify': {
      const report = await tool.verify();
      if (!report.ok) process.exitCode = 1;
      return;
    }
    default:
      throw new BackupError('usage: cli.js backup [folder] | restore <folder> | verify');
  }
}

main().catch((error: Error) => {
  console.error(error instanceof BackupError ? `backup: ${error.message}` : error);
  process.exit(1);
});
