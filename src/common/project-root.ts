import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The folder holding package.json: processes/, rules/ and engine/ sit beside it, wherever the code was compiled to. */
function findProjectRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = findProjectRoot(__dirname);
