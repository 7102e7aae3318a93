import { proseLines } from './proseLines.js';

/**
 * The `#anchor`s a Markdown file offers, by GitHub's rules: each ATX heading's text, lower-cased, stripped of
 * everything but letters, digits, spaces, `-` and `_`, spaces turned to `-`, a repeated slug suffixed `-1`, `-2`…;
 * plus any explicit `<a id="…">` or `<a name="…">`. Headings inside fenced code blocks are not headings.
 */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const counts = new Map<string, number>();
  for (const line of proseLines(markdown)) {
    for (const m of line.matchAll(/<a\s+(?:id|name)\s*=\s*"([^"]+)"/gi)) anchors.add(m[1]!);
    const heading = /^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(line);
    if (!heading) continue;
    const base = slugOf(heading[1]!);
    const seen = counts.get(base) ?? 0;
    counts.set(base, seen + 1);
    anchors.add(seen === 0 ? base : `${base}-${seen}`);
  }
  return anchors;
}

/** GitHub's slug of a heading's text (as github-slugger does it, on the text the heading renders). */
function slugOf(text: string): string {
  const rendered = text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // a link or image renders its text
    .replace(/<[^>]+>/g, '') // inline HTML renders nothing of its tags
    .replace(/[`*]/g, '') // code and emphasis markers
    .replace(/(^|\s)_+|_+(\s|$)/g, '$1$2'); // underscore emphasis at word edges
  return rendered
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}
