import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { it } from 'node:test';
import { PIN_NAMES, PINS, pinFlag } from '../../src/policy/pins.js';

/** docs/cli.md's pin table is written by hand; this keeps it complete as pins are added. */
it('docs/cli.md documents every pin with its flag, policy key and claim', async () => {
  const doc = await readFile(join(process.cwd(), 'docs', 'cli.md'), 'utf8');
  const rows = doc
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) => line.split('|').map((cell) => cell.trim()));
  for (const name of PIN_NAMES) {
    const row = rows.find((cells) => cells[1] === `\`--${pinFlag(name)}\``);
    assert.ok(row, `docs/cli.md has no row for --${pinFlag(name)}`);
    assert.equal(row[2], `\`${name}\``);
    assert.equal(row[3], PINS[name].field);
  }
});
