// Text for Slack incoming-webhook messages, shared by every event's rendering. Block Kit limits:
// header text 150 characters, section and context text 3000
// (https://api.slack.com/reference/block-kit/blocks).

export const SLACK_HEADER_MAX = 150;
export const SLACK_TEXT_MAX = 3000;

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Slack mrkdwn treats &, < and > as control characters. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The link line: a Slack link when the link is absolute (ACCESS_ATLAS_PUBLIC_URL set), else the path as text. */
export function slackLinkLine(link: string, label: string): string {
  return /^https?:\/\//.test(link) ? `<${link}|${escapeSlack(label)}>` : `Diff: ${escapeSlack(link)}`;
}

/** header, section, context: the shape every Access Atlas message has. */
export function slackMessage(headline: string, lines: string[], linkLine: string): Record<string, unknown> {
  return {
    text: headline,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: clip(headline, SLACK_HEADER_MAX) } },
      { type: 'section', text: { type: 'mrkdwn', text: clip(lines.join('\n'), SLACK_TEXT_MAX) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: clip(linkLine, SLACK_TEXT_MAX) }] },
    ],
  };
}
