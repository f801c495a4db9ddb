/** Renders an error the way the core writes `summary`: message, `at *query*:line:col`, the line and carets. */
import type { Span } from './parse.js';

function position(text: string, offset: number): { line: number; column: number; source: string } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const lineEnd = text.indexOf('\n', lineStart);
  return { line, column: offset - lineStart + 1, source: text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd) };
}

function excerpt(text: string, span: Span, mark: string, source?: string): string[] {
  const at = position(text, span.start);
  const gutter = ' '.repeat(String(at.line).length);
  const width = Math.max(1, Math.min(span.end, span.start + at.source.length - at.column + 1) - span.start);
  return [
    `${gutter} |`,
    `${at.line} | ${source ?? at.source}`,
    `${gutter} | ${' '.repeat(at.column - 1)}${mark.repeat(mark === '+' ? 1 : width)}`,
    `${gutter} |`,
  ];
}

export interface Hint {
  readonly message: string;
  /** Where the fix inserts `insert`. */
  readonly at: number;
  readonly insert: string;
}

export function renderSummary(text: string, message: string, span: Span, hint?: Hint): string {
  const at = position(text, span.start);
  const lines = [`error: ${message}`, `at *query*:${at.line}:${at.column}`, ...excerpt(text, span, '^')];
  if (hint !== undefined) {
    const fixAt = position(text, hint.at);
    const fixed = `${fixAt.source.slice(0, fixAt.column - 1)}${hint.insert}${fixAt.source.slice(fixAt.column - 1)}`;
    lines.push(`hint: ${hint.message}`, ...excerpt(text, { start: hint.at, end: hint.at + hint.insert.length }, '+', fixed));
  }
  return lines.join('\n');
}
