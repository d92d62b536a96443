// What a webhook receives when a snapshot brings new critical or high findings: a generic JSON
// document whose findings are the findings JSON's (README "Findings (CLI and API)"), or a Slack
// incoming-webhook message ({text, blocks}, slack-text.ts).
import { partyText, scopeText } from '../../core/findings/format';
import type { Finding } from '../../core/findings/types';
import type { WebhookFormat } from '../../store/webhooks';
import { SLACK_LISTED } from './payload';
import { escapeSlack, slackLinkLine, slackMessage } from './slack-text';

export const NEW_FINDINGS_EVENT = 'access-atlas.new-findings';

export interface FindingsNotification {
  source: { name: string; kind: string };
  snapshot: { id: number; seq: number; finishedAt: string | null };
  previous: { id: number; seq: number };
  /** Highest severity first; at most MAX_LISTED, each as GET /api/findings gives it (evidence included). */
  findings: Finding[];
  /** All new critical and high findings, also those not listed. */
  total: number;
  /** The dashboard's diff of the two snapshots, which lists the findings gained (absolute when ACCESS_ATLAS_PUBLIC_URL is set). */
  link: string;
}

export function findingsJsonPayload(n: FindingsNotification): Record<string, unknown> {
  return { event: NEW_FINDINGS_EVENT, ...n };
}

function slackLine(f: Finding): string {
  const who = partyText(f.subject ?? f.object);
  const builtIn = f.builtIn ? ` (built-in: ${escapeSlack(f.builtIn.reason)})` : '';
  return `• *${f.severity}* ${escapeSlack(f.title)}: *${escapeSlack(who)}* ${escapeSlack(scopeText(f.scope))} \`${escapeSlack(f.rule)}\`${builtIn}`;
}

export function findingsSlackPayload(n: FindingsNotification): Record<string, unknown> {
  const headline = `${n.total} new critical/high finding${n.total === 1 ? '' : 's'} in ${n.source.name} (snapshot ${n.snapshot.seq})`;
  const lines = n.findings.slice(0, SLACK_LISTED).map(slackLine);
  const more = n.total - Math.min(n.findings.length, SLACK_LISTED);
  if (more > 0) lines.push(`…and ${more} more`);
  return slackMessage(
    headline,
    lines,
    slackLinkLine(n.link, `Review the findings gained (snapshot ${n.previous.seq} → ${n.snapshot.seq})`),
  );
}

export function formatFindingsPayload(format: WebhookFormat, n: FindingsNotification): string {
  return JSON.stringify(format === 'slack' ? findingsSlackPayload(n) : findingsJsonPayload(n));
}
