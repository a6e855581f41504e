// Writes the README's table of settings from src/app/config.ts (SETTINGS):  npm run docs:settings
// src/app/config.test.ts fails when the README's table is not this one.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { settingsTable } from '../src/app/config.ts';

export const README = fileURLToPath(new URL('../README.md', import.meta.url));
const START = /<!-- settings:[^>]*-->\n/;
const END = '<!-- /settings -->';

/** The README with its table between the markers replaced by the current one. */
export function withSettingsTable(readme: string): string {
  const start = START.exec(readme);
  const end = readme.indexOf(END);
  if (!start || end < start.index) throw new Error('README.md has no <!-- settings: … --> … <!-- /settings --> markers');
  return `${readme.slice(0, start.index + start[0].length)}${settingsTable()}\n${readme.slice(end)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  fs.writeFileSync(README, withSettingsTable(fs.readFileSync(README, 'utf8')));
  console.log('README.md: settings table written');
}
