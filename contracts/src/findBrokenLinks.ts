import { posix } from 'node:path';
import { headingAnchors } from './headingAnchors.js';
import { proseLines } from './proseLines.js';

/** One relative link that does not resolve inside the repository. */
export interface BrokenLink {
  /** The Markdown file holding the link (repository-relative, `/`-separated). */
  readonly file: string;
  readonly line: number;
  readonly target: string;
  readonly problem: string;
}

/**
 * Every relative link or image of the given Markdown files that does not resolve inside the repository: the path
 * (relative to the file, or to the root when it starts with `/`) must name a tracked file or a folder holding one,
 * without leaving the repository, and a `#anchor` into a Markdown file (or the same file) must name one of its
 * headings by GitHub's slug rules. Links with a scheme (`https:`, `mailto:`) and links inside code are not checked.
 *
 * @param markdown repository-relative path → content, for every Markdown file to check and to link to
 * @param tracked every repository-relative file path that exists (Markdown or not)
 */
export function findBrokenLinks(
  markdown: ReadonlyMap<string, string>,
  tracked: ReadonlySet<string>,
): BrokenLink[] {
  const folders = new Set<string>();
  for (const path of tracked) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join('/'));
  }
  const anchorsOf = new Map<string, Set<string>>();
  const anchors = (file: string) => {
    let found = anchorsOf.get(file);
    if (!found) anchorsOf.set(file, (found = headingAnchors(markdown.get(file) ?? '')));
    return found;
  };
  const broken: BrokenLink[] = [];
  for (const [file, content] of markdown) {
    let line = 0;
    for (const text of proseLines(content)) {
      line++;
      for (const target of linkTargets(text)) {
        const problem = problemOf(file, target, tracked, folders, markdown, anchors);
        if (problem) broken.push({ file, line, target, problem });
      }
    }
  }
  return broken;
}

/** The targets of the inline links, images and reference definitions on one line, inline code left out. */
function linkTargets(line: string): string[] {
  const prose = line.replace(/(`+)[^`]*?\1/g, (code) => ' '.repeat(code.length));
  const targets: string[] = [];
  // [text](target "title") and ![alt](<target with spaces>)
  for (const m of prose.matchAll(/\]\(\s*(<[^>]*>|[^\s)]+)(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g))
    targets.push(m[1]!.replace(/^<|>$/g, ''));
  // [label]: target
  const definition = /^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/.exec(prose);
  if (definition) targets.push(definition[1]!.replace(/^<|>$/g, ''));
  return targets;
}

function problemOf(
  file: string,
  target: string,
  tracked: ReadonlySet<string>,
  folders: ReadonlySet<string>,
  markdown: ReadonlyMap<string, string>,
  anchors: (file: string) => Set<string>,
): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) return null;
  const hash = target.indexOf('#');
  const rawPath = hash >= 0 ? target.slice(0, hash) : target;
  const anchor = hash >= 0 ? decode(target.slice(hash + 1)) : null;
  let path = file;
  if (rawPath !== '') {
    const joined = rawPath.startsWith('/')
      ? posix.normalize(decode(rawPath).slice(1))
      : posix.join(posix.dirname(file), decode(rawPath));
    path = joined.replace(/\/+$/, '');
    if (path === '..' || path.startsWith('../') || posix.isAbsolute(path)) return 'leaves the repository';
    if (path !== '.' && path !== '' && !tracked.has(path) && !folders.has(path))
      return 'no such file or folder in the repository';
  }
  if (anchor === null || anchor === '' || !path.endsWith('.md')) return null;
  if (!markdown.has(path)) return `cannot check #${anchor}: ${path} was not read`;
  return anchors(path).has(anchor) ? null : `no heading for #${anchor} in ${path}`;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
