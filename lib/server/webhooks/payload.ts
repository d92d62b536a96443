// What a webhook receives when a snapshot brings high-impact permission gains: a generic JSON
// document, or a Slack incoming-webhook message ({text, blocks}, slack-text.ts).
import type { WebhookFormat } from '../../store/webhooks';
import { escapeSlack, slackLinkLine, slackMessage } from './slack-text';

export interface NotifiedGain {
  /** e.g. `ServiceAccount ci/deployer`. */
  subject: string;
  /** e.g. `create pods/exec in namespace prod`. */
  grant: string;
  /** The impact score and the rules behind it (lib/core/diff IMPACT_RULES). */
  impact: number;
  rules: string[];
  /** The object changes that brought the gain. */
  causes: string[];
}

export interface GainsNotification {
  source: { name: string; kind: string };
  snapshot: { id: number; seq: number; finishedAt: string | null };
  previous: { id: number; seq: number };
  /** Highest impact first; at most MAX_LISTED. */
  gains: NotifiedGain[];
  /** All high-impact gains, also those not listed. */
  totalGains: number;
  /** The dashboard's diff of the two snapshots (absolute when ACCESS_ATLAS_PUBLIC_URL is set). */
  link: string;
}

export const EVENT = 'access-atlas.high-impact-gains';
/** Entries listed in one message (the count says how many there are); shared by every event. */
export const MAX_LISTED = 20;
export const SLACK_LISTED = 10;

export function jsonPayload(n: GainsNotification): Record<string, unknown> {
  return { event: EVENT, ...n };
}

export function slackPayload(n: GainsNotification): Record<string, unknown> {
  const headline = `${n.totalGains} high-impact permission gain${n.totalGains === 1 ? '' : 's'} in ${n.source.name} (snapshot ${n.snapshot.seq})`;
  const lines = n.gains
    .slice(0, SLACK_LISTED)
    .map((g) => `• *${escapeSlack(g.subject)}* can now ${escapeSlack(g.grant)} (impact ${g.impact}: ${escapeSlack(g.rules.join(', '))})`);
  const more = n.totalGains - Math.min(n.gains.length, SLACK_LISTED);
  if (more > 0) lines.push(`…and ${more} more`);
  return slackMessage(headline, lines, slackLinkLine(n.link, `Review the diff (snapshot ${n.previous.seq} → ${n.snapshot.seq})`));
}

export function formatPayload(format: WebhookFormat, n: GainsNotification): string {
  return JSON.stringify(format === 'slack' ? slackPayload(n) : jsonPayload(n));
}
