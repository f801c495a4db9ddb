/**
 * Rewrites a README's relative links to absolute ones into the repository, so they work on the
 * registry's page (which has no repository to resolve them against). Code blocks are left alone.
 */
import { statSync } from 'node:fs';
import { join, posix } from 'node:path';

const ABSOLUTE = /^(?:[a-z][a-z0-9+.-]*:|\/\/|#)/i;

/** Inline links and images `](target "title")`, reference definitions `[x]: target`, HTML href/src. */
const LINK_PATTERNS = [
  { kind: 'image', re: /(!\[[^\]\n]*\]\(\s*<?)([^)\s>]+)/g },
  { kind: 'link', re: /(\]\(\s*<?)([^)\s>]+)/g }, // images are absolute by then
  { kind: 'link', re: /(^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?)([^\s>]+)/gm },
  { kind: 'link', re: /(\bhref=["'])([^"']+)/g },
  { kind: 'image', re: /(<img\b[^>]*\bsrc=["'])([^"']+)/g },
];

export function isRelative(target) {
  return !ABSOLUTE.test(target);
}

/** Splits markdown into alternating prose and fenced-code segments (odd indexes are code). */
function segments(markdown) {
  return markdown.split(/(^[ \t]*(?:```|~~~)[^\n]*\n[\s\S]*?^[ \t]*(?:```|~~~)[ \t]*$)/m);
}

/** Every relative link target outside code blocks (what a packed README must not contain). */
export function relativeLinks(markdown) {
  const found = [];
  segments(markdown).forEach((part, index) => {
    if (index % 2 === 1) return;
    for (const { re } of LINK_PATTERNS) for (const match of part.matchAll(re)) if (isRelative(match[2])) found.push(match[2]);
  });
  return found;
}

/**
 * @param {string} markdown
 * @param {{ webUrl: string, branch: string, directory: string, root: string }} where
 *   `directory`: the README's folder relative to the repository root; `root`: the root on disk
 *   (to tell folders, linked as `tree/`, from files, linked as `blob/`).
 */
export function absoluteLinks(markdown, { webUrl, branch, directory, root }) {
  const rewrite = (kind, target) => {
    if (!isRelative(target)) return target;
    const hashAt = target.indexOf('#');
    const pathPart = hashAt === -1 ? target : target.slice(0, hashAt);
    const hash = hashAt === -1 ? '' : target.slice(hashAt);
    const path = pathPart.startsWith('/') ? posix.normalize(pathPart.slice(1)) : posix.normalize(posix.join(directory, pathPart));
    if (path.startsWith('..')) throw new Error(`README link ${JSON.stringify(target)} leaves the repository`);
    const found = statSync(join(root, path), { throwIfNoEntry: false });
    if (!found) throw new Error(`README link ${JSON.stringify(target)} in ${directory} points at nothing (${path})`);
    const isFolder = found.isDirectory();
    const view = kind === 'image' ? 'raw' : isFolder ? 'tree' : 'blob';
    return `${webUrl}/${view}/${branch}/${path === '.' ? '' : path}${hash}`;
  };
  return segments(markdown)
    .map((part, index) => {
      if (index % 2 === 1) return part;
      let out = part;
      for (const { kind, re } of LINK_PATTERNS) out = out.replace(re, (_all, lead, target) => lead + rewrite(kind, target));
      return out;
    })
    .join('');
}
