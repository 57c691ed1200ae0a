import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { printable, printableJson, printed } from '../../src/core/text.js';

/**
 * Output escaping: what a claim from another CA could carry, character class by class, and
 * what people see instead.
 */

/** Anything a terminal, log viewer or Markdown renderer could act on or hide. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]/u;

describe('printable', () => {
  const cases: [string, string, string][] = [
    ['newline, carriage return and tab', 'a\nb\rc\td', 'a\\nb\\rc\\td'],
    ['NUL, ESC and other C0 controls', '\x00\x1b[31m\x07', '\\x00\\x1b[31m\\x07'],
    ['DEL and C1 controls (CSI, NEL)', '\x7f\x9b2J\x85', '\\x7f\\x9b2J\\x85'],
    [
      'bidi embeddings, overrides and isolates',
      '\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069',
      '\\u202a\\u202b\\u202c\\u202d\\u202e\\u2066\\u2067\\u2068\\u2069',
    ],
    [
      'zero-width and other invisible characters',
      'a\u200bb\u200cc\u200dd\u2060e\ufefff\u00adg\u3164h',
      'a\\u200bb\\u200cc\\u200dd\\u2060e\\ufefff\\xadg\\u3164h',
    ],
    ['line and paragraph separators', 'a\u2028b\u2029c', 'a\\u2028b\\u2029c'],
    ['an unpaired surrogate', 'a\ud800b', 'a\\ud800b'],
    ['a tag character (outside the BMP)', 'main\u{e0041}', 'main\\u{e0041}'],
  ];
  for (const [what, input, shown] of cases) {
    it(`escapes ${what}`, () => {
      assert.equal(printable(input), shown);
      assert.doesNotMatch(printable(input), RAW);
    });
  }

  it('keeps printable text as it is: ASCII, accents, CJK, emoji, backslashes', () => {
    const text = 'refs/heads/main café 中文 🚀 /^refs\\/tags\\/v[0-9]+$/ a|b <b>';
    assert.equal(printable(text), text);
  });

  it('changes nothing the second time', () => {
    const once = printable('x\n\x1b\u202e');
    assert.equal(printable(once), once);
  });
});

describe('printed', () => {
  it('escapes the values put in and keeps the template text', () => {
    const ref = 'refs/heads/main\n  ok   verified';
    assert.equal(printed`ref ${ref} (${42})\n`, 'ref refs/heads/main\\n  ok   verified (42)\n');
  });
});

describe('printableJson', () => {
  it('escapes what JSON.stringify leaves raw and parses to the same value', () => {
    const value = {
      ref: 'refs/heads/x\n\x1b[32mverified\x00',
      c1: '\x7f\x9b\x85',
      bidi: 'txt.\u202egpj',
      invisible: 'a\u200bb\ufeff\u2028',
      tag: 'main\u{e0041}',
      lone: 'a\ud800',
      plain: 'café 🚀',
    };
    const text = printableJson(value);
    assert.deepEqual(JSON.parse(text), value);
    for (const escaped of [
      '\\u001b',
      '\\u009b',
      '\\u202e',
      '\\u200b',
      '\\u2028',
      '\\udb40\\udc41',
    ]) {
      assert.ok(text.includes(escaped), `${escaped} in ${text}`);
    }
    // The only raw control left is the layout's newline.
    assert.doesNotMatch(text.replaceAll('\n', ''), RAW);
    assert.ok(text.includes('"plain": "café 🚀"'));
  });
});
