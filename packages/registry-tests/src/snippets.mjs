// The READMEs' runnable blocks. A block is marked by an HTML comment on the line before its fence:
//   <!-- snippet: express-example -->            runnable, run by this stage under that name
//   <!-- snippet-skip: fragment, needs an app -->  not runnable, and why
// The stage fails a scenario whose snippet is missing, so renaming or dropping a block is noticed.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

const MARKER = /^<!-- snippet: ([a-z0-9-]+) -->\s*$/;

/** Every marked block of the given READMEs: Map name → { code, file, line }. */
export async function readSnippets(root, readmes) {
  const snippets = new Map();
  for (const readme of readmes) {
    const lines = (await readFile(join(root, readme), 'utf8')).split('\n');
    for (let i = 0; i < lines.length; i++) {
      const marker = MARKER.exec(lines[i]);
      if (marker === null) continue;
      const name = marker[1];
      if (!/^```/.test(lines[i + 1] ?? '')) throw new Error(`${readme}:${i + 1}: snippet ${name} is not followed by a fenced block`);
      const end = lines.findIndex((line, j) => j > i + 1 && /^```\s*$/.test(line));
      if (end === -1) throw new Error(`${readme}:${i + 1}: snippet ${name} has no closing fence`);
      if (snippets.has(name)) throw new Error(`${readme}:${i + 1}: snippet ${name} is marked twice`);
      snippets.set(name, { code: `${lines.slice(i + 2, end).join('\n')}\n`, file: readme, line: i + 2 });
    }
  }
  return snippets;
}

/**
 * The snippet with the stage's few, exact substitutions (pointing a preset at the local issuer, a free
 * port instead of 3000). Each `[from, to]` must occur in the snippet: a README that no longer has it fails.
 */
export function adapt(snippets, name, substitutions = []) {
  const snippet = snippets.get(name);
  if (snippet === undefined) throw new Error(`no README block is marked <!-- snippet: ${name} -->`);
  let code = snippet.code;
  for (const [from, to] of substitutions) {
    if (!code.includes(from))
      throw new Error(`snippet ${name} (${snippet.file}:${snippet.line}) no longer contains ${JSON.stringify(from)}`);
    code = code.split(from).join(to);
  }
  return code;
}
