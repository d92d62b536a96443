// Findings as SARIF 2.1.0, the format GitHub code scanning and other CI dashboards ingest
// (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html). One run, one tool: the rules
// come from the catalog (one table, lib/core/findings), each result carries the finding's id as a
// partial fingerprint so a code-scanning alert follows the finding from snapshot to snapshot, and
// points at the manifest file and line when the findings were read from files (the caller finds
// them: sarif-locations.ts), else at the object by kind/namespace/name. Pure.
import { findingSentence } from './format';
import type { Finding, FindingParty, FindingsResult, RuleInfo, Severity } from './types';

export const SARIF_VERSION = '2.1.0';
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SARIF_TOOL_NAME = 'Access Atlas';
/** partialFingerprints key: versioned, as SARIF §3.27.17 advises, so a new id scheme is a new key. */
export const FINDING_FINGERPRINT = 'accessAtlasFindingId/v1';

/**
 * GitHub code scanning reads `security-severity` (a number 0.0-10.0 as a string) to rank security
 * alerts: over 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low
 * (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning).
 */
export const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
};

export type SarifLevel = 'error' | 'warning' | 'note';

export function sarifLevel(severity: Severity): SarifLevel {
  if (severity === 'critical' || severity === 'high') return 'error';
  return severity === 'medium' ? 'warning' : 'note';
}

interface SarifMessage {
  text: string;
  markdown?: string;
}

export interface SarifRule {
  id: string;
  shortDescription: SarifMessage;
  fullDescription: SarifMessage;
  help: SarifMessage;
  helpUri?: string;
  defaultConfiguration: { level: SarifLevel };
  properties: { 'security-severity': string; tags: string[]; precision: 'very-high' };
}

export interface SarifLogicalLocation {
  name: string;
  /** `kind/namespace/name`, namespace empty when the object has none (the suppression patterns' form). */
  fullyQualifiedName: string;
  kind: 'resource';
}

export interface SarifLocation {
  physicalLocation?: { artifactLocation: { uri: string }; region: { startLine: number } };
  logicalLocations?: SarifLogicalLocation[];
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: SarifMessage;
  locations: SarifLocation[];
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: 'external'; status: 'accepted'; justification: string }[];
  properties: { severity: Severity; scope: string; builtIn: string | null };
}

export interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; semanticVersion?: string; rules: SarifRule[] } };
    invocations: {
      executionSuccessful: boolean;
      toolExecutionNotifications: { level: 'warning'; message: SarifMessage; associatedRule?: { id: string; index: number } }[];
    }[];
    results: SarifResult[];
  }[];
}

/** A manifest file (a URI reference relative to the working directory, or a file: URI) and the line its object starts on. */
export interface ManifestLocation {
  uri: string;
  startLine: number;
}

export interface SarifInput {
  result: FindingsResult;
  /** The catalog entries the run evaluated (every result's rule is added if absent). */
  rules: readonly RuleInfo[];
  /** The file and line of an object, when the findings came from files; none: logical locations only. */
  locate?: (party: FindingParty) => ManifestLocation | undefined;
  toolVersion?: string;
}

function ruleDescriptor(rule: RuleInfo): SarifRule {
  const references = rule.references.map((r) => (r.url ? `- [${r.label}](${r.url})` : `- ${r.label}`));
  const helpUri = rule.references.find((r) => r.url !== undefined)?.url;
  return {
    id: rule.id,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.rationale },
    help: {
      text: rule.remediation,
      markdown: references.length > 0 ? `${rule.remediation}\n\nReferences:\n${references.join('\n')}` : rule.remediation,
    },
    ...(helpUri !== undefined && { helpUri }),
    defaultConfiguration: { level: sarifLevel(rule.severity) },
    properties: { 'security-severity': SECURITY_SEVERITY[rule.severity], tags: ['security', rule.layer], precision: 'very-high' },
  };
}

/** A rule the catalog given does not hold: described from its finding, so every ruleId is in driver.rules. */
function ruleOfFinding(finding: Finding): RuleInfo {
  return {
    id: finding.rule,
    layer: finding.layer,
    severity: finding.severity,
    title: finding.title,
    rationale: finding.title,
    references: [],
    remediation: finding.title,
  };
}

function logicalLocation(party: FindingParty): SarifLogicalLocation {
  return {
    name: party.name,
    fullyQualifiedName: `${party.kind}/${party.namespace ?? ''}/${party.name}`,
    kind: 'resource',
  };
}

/** The objects a reviewer would edit, most direct first: the finding's object, the bindings that grant, its subject. */
function candidates(finding: Finding): FindingParty[] {
  const parties: FindingParty[] = [];
  if (finding.object) parties.push(finding.object);
  for (const evidence of finding.evidence) {
    if (evidence.kind === 'grant') for (const m of evidence.matchedBy) parties.push(m.binding);
    else if (evidence.kind === 'rule') parties.push(evidence.role);
    else parties.push(evidence.object);
  }
  if (finding.subject) parties.push(finding.subject);
  return parties;
}

function locationOf(finding: Finding, locate: SarifInput['locate']): SarifLocation {
  const parties = candidates(finding);
  const [shown] = parties;
  const logical = shown ? { logicalLocations: [logicalLocation(shown)] } : {};
  if (locate) {
    for (const party of parties) {
      const found = locate(party);
      if (found) {
        return {
          physicalLocation: { artifactLocation: { uri: found.uri }, region: { startLine: found.startLine } },
          logicalLocations: [logicalLocation(party)],
        };
      }
    }
  }
  return logical;
}

function resultOf(finding: Finding, ruleIndex: number, locate: SarifInput['locate']): SarifResult {
  const by = finding.suppressedBy;
  return {
    ruleId: finding.rule,
    ruleIndex,
    level: sarifLevel(finding.severity),
    message: { text: findingSentence(finding) },
    locations: [locationOf(finding, locate)],
    partialFingerprints: { [FINDING_FINGERPRINT]: finding.id },
    ...(finding.suppressed && {
      suppressions: [
        {
          kind: 'external' as const,
          status: 'accepted' as const,
          justification: by ? `${by.justification} (suppression #${by.id}, ${by.owner}, until ${by.expiresAt})` : 'suppressed',
        },
      ],
    }),
    properties: { severity: finding.severity, scope: finding.scope, builtIn: finding.builtIn?.reason ?? null },
  };
}

/** The SARIF 2.1.0 log of one findings result. */
export function buildSarif(input: SarifInput): SarifLog {
  const rules = [...input.rules];
  for (const finding of input.result.findings) {
    if (!rules.some((r) => r.id === finding.rule)) rules.push(ruleOfFinding(finding));
  }
  const indexOf = new Map(rules.map((r, i) => [r.id, i]));
  return {
    $schema: SARIF_SCHEMA,
    version: SARIF_VERSION,
    runs: [
      {
        tool: {
          driver: {
            name: SARIF_TOOL_NAME,
            ...(input.toolVersion !== undefined && { semanticVersion: input.toolVersion }),
            rules: rules.map(ruleDescriptor),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            // A rule the data could not answer is said so, never left to read as "passed".
            toolExecutionNotifications: input.result.notEvaluated.map((n) => {
              const ruleIndex = indexOf.get(n.rule);
              return {
                level: 'warning' as const,
                message: { text: `${n.rule} not evaluated: ${n.reason}` },
                ...(ruleIndex !== undefined && { associatedRule: { id: n.rule, index: ruleIndex } }),
              };
            }),
          },
        ],
        results: input.result.findings.map((f) => resultOf(f, indexOf.get(f.rule) ?? 0, input.locate)),
      },
    ],
  };
}
