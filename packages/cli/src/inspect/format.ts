/** Renders an inspect report for people: the token at a glance, the checklist, the diagnosis. */
import type { CheckLine } from './checks.js';
import { formatDuration } from './diagnose.js';
import type { InspectReport } from './inspect.js';
import { terminalSafe } from './terminal-text.js';

const MARK: Readonly<Record<CheckLine['status'], string>> = { passed: '✓', failed: '✗', skipped: '-' };

function show(value: string | readonly string[] | undefined): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : `[${value.join(', ')}]`;
}

function claimText(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

export function formatReport(report: InspectReport): string {
  const out: string[] = [];
  const claims = report.claims ?? {};
  const rows: [string, string | undefined][] = [
    ['issuer', claimText(claims.iss)],
    ['subject', claimText(claims.oid ?? claims.sub)],
    ['audience', claimText(claims.aud)],
    ['client', claimText(claims.azp ?? claims.appid ?? claims.client_id ?? claims.cid)],
    ['tenant', claimText(claims.tid)],
    ['scopes', claimText(claims.scp ?? claims.scope ?? claims.permissions)],
    ['roles', claimText(claims.roles)],
    [
      'key',
      report.key.kid === undefined && report.key.alg === undefined
        ? undefined
        : `kid ${report.key.kid ?? '(none)'}, ${report.key.alg ?? '?'}${report.key.verified ? ' (signature verified)' : ''}`,
    ],
    [
      'expires',
      report.expiresAt === undefined || report.expiresInSec === undefined
        ? undefined
        : `${report.expiresAt} (${report.expiresInSec >= 0 ? `in ${formatDuration(report.expiresInSec)}` : `${formatDuration(report.expiresInSec)} ago`})`,
    ],
    [
      'checked by',
      report.issuer.preset === undefined
        ? undefined
        : `${report.issuer.preset} preset, ${report.issuer.source === 'config' ? 'from --config' : `from discovery (${report.issuer.discoveryUrl ?? ''})`}`,
    ],
    ['keys', report.issuer.jwksUri],
  ];
  const shown = rows.filter((row): row is [string, string] => row[1] !== undefined);
  if (shown.length > 0) {
    out.push('Token (decoded, unverified until the checks below pass)');
    for (const [name, value] of shown) out.push(`  ${name.padEnd(11)} ${value}`);
    out.push('');
  }
  if (report.checks.length > 0) {
    out.push('Checks');
    const width = Math.max(...report.checks.map((c) => c.label.length));
    for (const check of report.checks) {
      out.push(`  ${MARK[check.status]} ${check.label.padEnd(width)}  ${check.detail}`);
      if (check.status === 'failed' && (check.expected !== undefined || check.found !== undefined)) {
        out.push(`    ${' '.repeat(width)}  expected: ${show(check.expected)}`);
        out.push(`    ${' '.repeat(width)}  found:    ${show(check.found)}`);
      }
    }
    out.push('');
  }
  const verdict = report.exitCode === 0 ? 'VALID' : report.exitCode === 1 ? 'INVALID' : 'COULD NOT CHECK';
  out.push(`${verdict}: ${report.diagnosis.summary}`);
  if (report.exitCode !== 0) out.push(`Fix: ${report.diagnosis.fix}`);
  for (const note of report.notes) out.push(`Note: ${note}`);
  out.push(
    report.contacted.length === 0 ? 'Contacted: nothing (no network request was made)' : `Contacted: ${report.contacted.join(', ')}`,
  );
  // Every line carries token text somewhere (claims, core's expected/found, URLs from discovery):
  // each is made safe for the terminal, so nothing the token says can act on it.
  return `${out.map(terminalSafe).join('\n')}\n`;
}
