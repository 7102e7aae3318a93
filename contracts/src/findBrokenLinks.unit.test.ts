import { describe, expect, it } from 'vitest';
import { findBrokenLinks } from './findBrokenLinks.js';
import { headingAnchors } from './headingAnchors.js';

const check = (files: Record<string, string>, others: string[] = []) =>
  findBrokenLinks(new Map(Object.entries(files)), new Set([...Object.keys(files), ...others]));

describe('findBrokenLinks, the Markdown link checker', () => {
  it('accepts links to tracked files and folders, relative to the linking file or the root', () => {
    expect(
      check(
        {
          'README.md':
            '[a](docs/guide.md) · [b](docs/) · [c](./docs/guide.md#setting-up) · [d](/src/main.ts)',
          'docs/guide.md':
            '# Guide\n\n## Setting up\n\nBack to [the README](../README.md) and [src](../src/).',
        },
        ['src/main.ts'],
      ),
    ).toEqual([]);
  });

  it('reports a missing file, a link out of the repository and a missing heading, with file and line', () => {
    expect(
      check({
        'README.md': '# Title\n\nRead [the spec](../elsewhere/spec.md).\n[gone](docs/gone.md) [here](#nope)',
      }),
    ).toEqual([
      { file: 'README.md', line: 3, target: '../elsewhere/spec.md', problem: 'leaves the repository' },
      {
        file: 'README.md',
        line: 4,
        target: 'docs/gone.md',
        problem: 'no such file or folder in the repository',
      },
      { file: 'README.md', line: 4, target: '#nope', problem: 'no heading for #nope in README.md' },
    ]);
  });

  it('checks anchors into another Markdown file, and reference definitions and images', () => {
    const broken = check(
      {
        'a.md': '[x](b.md#rules) [y](b.md#missing)\n\n[ref]: b.md#also-missing\n![pic](img/none.png)',
        'b.md': '## Rules',
      },
      [],
    );
    expect(broken.map((b) => b.target)).toEqual(['b.md#missing', 'b.md#also-missing', 'img/none.png']);
  });

  it('leaves out links in code, and links with a scheme', () => {
    expect(
      check({
        'a.md': [
          'See `[not a link](nowhere.md)` and <https://example.org> and [web](https://example.org/x.md).',
          '```md',
          '[inside a fence](nowhere.md)',
          '```',
          '[mail](mailto:someone@example.org)',
        ].join('\n'),
      }),
    ).toEqual([]);
  });

  it('takes a title and an angle-bracketed target', () => {
    expect(check({ 'a.md': '[t](<b c.md> "title") [u](b%20c.md \'t\')', 'b c.md': '' })).toEqual([]);
  });
});

describe('headingAnchors, GitHub slugs', () => {
  it('lower-cases, drops punctuation, turns spaces to hyphens, numbers repeats, skips fenced code', () => {
    const anchors = headingAnchors(
      [
        '# The hub: who must learn what, when, and why',
        '## 2. Facts every rule reads',
        '## T1–T9 (`trafford`)',
        '## Repeat',
        '## Repeat',
        '### [Linked](x.md) heading ##',
        '```',
        '# not a heading',
        '```',
        '<a id="custom-anchor"></a>',
      ].join('\n'),
    );
    expect([...anchors]).toEqual([
      'the-hub-who-must-learn-what-when-and-why',
      '2-facts-every-rule-reads',
      't1t9-trafford',
      'repeat',
      'repeat-1',
      'linked-heading',
      'custom-anchor',
    ]);
  });
});
