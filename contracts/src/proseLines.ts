/** The lines of a Markdown file outside fenced code blocks (``` or ~~~), each fenced line given as an empty line so that line numbers still count. */
export function* proseLines(markdown: string): Generator<string> {
  let fence: string | null = null;
  for (const line of markdown.split(/\r?\n/)) {
    const opener = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence === null && opener) {
      fence = opener[1]!;
      yield '';
      continue;
    }
    if (fence !== null) {
      if (new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`).test(line))
        fence = null;
      yield '';
      continue;
    }
    yield line;
  }
}
