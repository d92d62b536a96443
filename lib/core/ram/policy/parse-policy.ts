// parsePolicy: validates a RAM or IAM policy document and compiles it once for evaluation.
// A document may arrive parsed (an object), as JSON text, or URL-encoded JSON text as AWS's
// GetAccountAuthorizationDetails / GetPolicyVersion return it ("The policy document returned in
// this structure is URL-encoded compliant with RFC 3986").
import { parseStatement } from './parse-statement';
import type { ParsedStatement, PolicyGrammar, PolicyParseResult } from './types';

/** Versions each grammar documents: RAM "1"; AWS "2012-10-17" and the older "2008-10-17". */
const VERSIONS: Record<PolicyGrammar, readonly string[]> = { ram: ['1'], aws: ['2012-10-17', '2008-10-17'] };

function decodeDocument(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const trimmed = text.trim();
  let json = trimmed;
  if (!trimmed.startsWith('{')) {
    try {
      json = decodeURIComponent(trimmed);
    } catch {
      return { ok: false, error: 'policy document is a string but neither JSON nor URL-encoded JSON (bad %-escape)' };
    }
  }
  try {
    return { ok: true, value: JSON.parse(json) as unknown };
  } catch (error) {
    const how = json === trimmed ? 'JSON' : 'URL-decoded JSON';
    return { ok: false, error: `policy document is not valid ${how}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export function parsePolicy(document: unknown, grammar: PolicyGrammar): PolicyParseResult {
  let doc = document;
  if (typeof doc === 'string') {
    const decoded = decodeDocument(doc);
    if (!decoded.ok) return decoded;
    doc = decoded.value;
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return { ok: false, error: 'policy document must be a JSON object' };
  const d = doc as Record<string, unknown>;
  const warnings: string[] = [];
  const unknown = Object.keys(d).filter((k) => k !== 'Version' && k !== 'Statement' && !(grammar === 'aws' && k === 'Id'));
  if (unknown.length > 0) return { ok: false, error: `policy document has unknown element(s) ${unknown.map((k) => `"${k}"`).join(', ')}` };
  let version: string | undefined;
  if (d.Version === undefined) warnings.push('Version is missing');
  else if (typeof d.Version !== 'string') return { ok: false, error: 'Version must be a string' };
  else {
    version = d.Version;
    if (!VERSIONS[grammar].includes(version))
      warnings.push(`Version "${version}" is not one ${grammar === 'aws' ? 'AWS IAM' : 'RAM'} documents (${VERSIONS[grammar].join(', ')})`);
  }
  if (d.Statement === undefined) return { ok: false, error: 'Statement is missing' };
  // AWS allows a single statement object as well as a list; accept both for either grammar.
  const list: unknown[] = Array.isArray(d.Statement) ? d.Statement : [d.Statement];
  const statements: ParsedStatement[] = [];
  for (const [index, raw] of list.entries()) {
    const parsed = parseStatement(raw, index, grammar);
    if (!parsed.ok) return parsed;
    statements.push(parsed.statement);
    warnings.push(...parsed.warnings);
  }
  return { ok: true, policy: { grammar, version, statements }, warnings };
}
