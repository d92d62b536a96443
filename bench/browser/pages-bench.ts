// The dashboard's other performance targets (issue 4), measured against the same production
// server and large-tier database as the graph bench (graph-bench.ts calls measurePages):
//   - who-can: the answer to a question with >= 1,000 subjects is visible <= 1 s after submit
//     (click on Ask -> first data row of the Subjects table visible, Playwright wall clock)
//   - the overview and a subject page answer <= 300 ms (median of several fetches: time to the
//     response headers and to the full HTML)
//   - no page ships more than 300 KB of document + RSC/JSON payload (bytes on the wire, as
//     Chromium received them: compressed body + headers; scripts, styles and images not counted)
import { performance } from 'node:perf_hooks';
import type { Browser, Page, Response } from '@playwright/test';

export const PAGE_TARGETS = { whoCanAnswerVisibleMs: 1000, serverResponseMs: 300, payloadKB: 300, whoCanMinSubjects: 1000 };
const FETCHES = 9;

interface ApiSubject {
  kind: string;
  name: string;
  namespace?: string;
  matchedBy: unknown[];
}

/** Questions tried in order; the first with >= 1,000 subjects on the tier is measured. */
const QUESTIONS = [
  { verb: 'get', resource: 'pods' },
  { verb: 'list', resource: 'pods' },
  { verb: 'get', resource: 'configmaps' },
  { verb: 'get', resource: 'serviceaccounts' },
];

async function pickQuestion(base: string, source: string) {
  let best: { verb: string; resource: string; subjects: ApiSubject[] } | undefined;
  for (const q of QUESTIONS) {
    const search = new URLSearchParams({ source, verb: q.verb, resource: q.resource, allNamespaces: 'true' });
    const body = (await (await fetch(`${base}/api/who-can?${search.toString()}`)).json()) as { subjects?: ApiSubject[] };
    const subjects = body.subjects ?? [];
    if (!best || subjects.length > best.subjects.length) best = { ...q, subjects };
    if (subjects.length >= PAGE_TARGETS.whoCanMinSubjects) break;
  }
  if (!best) throw new Error('no who-can question answered');
  return best;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return Math.round(sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2);
}

/** Median time to response headers and to the whole body of a server-rendered page. */
async function serverTiming(url: string, fetches = FETCHES) {
  const firstByte: number[] = [];
  const full: number[] = [];
  let bytes = 0;
  for (let i = 0; i < fetches + 1; i++) {
    const start = performance.now();
    const response = await fetch(url, { headers: { accept: 'text/html' } });
    const headersAt = performance.now();
    const text = await response.text();
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    if (i === 0) continue; // warm-up: first compile of the route's data, server caches
    firstByte.push(headersAt - start);
    full.push(performance.now() - start);
    bytes = Buffer.byteLength(text);
  }
  return { firstByteMs: median(firstByte), fullHtmlMs: median(full), htmlKB: Math.round(bytes / 102.4) / 10 };
}

function isPayload(response: Response): boolean {
  const type = response.headers()['content-type'] ?? '';
  return response.request().resourceType() === 'document' || type.includes('text/x-component') || type.includes('application/json');
}

/** Bytes of document + RSC/JSON responses while `action` runs (after it, waits for the network to go quiet). */
async function payloadOf(page: Page, action: () => Promise<void>) {
  const responses: Response[] = [];
  const listener = (r: Response) => {
    if (isPayload(r)) responses.push(r);
  };
  page.on('response', listener);
  try {
    await action();
    await page.waitForLoadState('networkidle');
  } finally {
    page.off('response', listener);
  }
  let bytes = 0;
  const parts: { url: string; kb: number }[] = [];
  for (const r of responses) {
    const sizes = await r.request().sizes();
    const size = sizes.responseBodySize + sizes.responseHeadersSize;
    bytes += size;
    parts.push({ url: r.url().replace(/^https?:\/\/[^/]+/, ''), kb: Math.round(size / 102.4) / 10 });
  }
  return { kb: Math.round(bytes / 102.4) / 10, parts };
}

async function askAndWait(page: Page, question: { verb: string; resource: string }): Promise<number> {
  await page.getByRole('combobox', { name: 'Verb' }).fill(question.verb);
  await page.getByRole('combobox', { name: 'Resource', exact: true }).fill(question.resource);
  await page.getByRole('radio', { name: 'All namespaces' }).check();
  const firstRow = page.getByRole('table', { name: 'Subjects' }).getByRole('row').nth(1);
  const start = performance.now();
  await page.getByRole('button', { name: 'Ask' }).click();
  await firstRow.waitFor({ state: 'visible', timeout: 60_000 });
  return Math.round(performance.now() - start);
}

export async function measurePages(browser: Browser, base: string, source: string) {
  const question = await pickQuestion(base, source);
  // The subject with the most grants in the answer: the heaviest subject page of the question.
  const subject = [...question.subjects].sort((a, b) => b.matchedBy.length - a.matchedBy.length)[0];
  if (!subject) throw new Error('the who-can answer is empty');
  const subjectSearch = new URLSearchParams({
    source,
    kind: subject.kind,
    name: subject.name,
    ...(subject.namespace && { namespace: subject.namespace }),
  });
  const questionSearch = new URLSearchParams({
    source,
    verb: question.verb,
    resource: question.resource,
    allNamespaces: 'true',
  }).toString();
  const pages = {
    overview: `${base}/`,
    subjects: `${base}/subjects?source=${source}`,
    subject: `${base}/subject?${subjectSearch.toString()}`,
    graphWhole: `${base}/graph?source=${source}&view=whole`,
    whoCanLink: `${base}/who-can?${questionSearch}`,
  };
  const server = {
    overview: await serverTiming(pages.overview),
    subject: await serverTiming(pages.subject),
    // Not a target: how much of the who-can wait is the server's (the form fetches this JSON).
    whoCanExplainApi: await serverTiming(`${base}/api/who-can/explain?${questionSearch}`, 3),
  };

  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const page = await context.newPage();
    // Warm the who-can route and bundles once, then measure a fresh form.
    await page.goto(`${base}/who-can?source=${source}`);
    await askAndWait(page, question);
    const askTimes: number[] = [];
    let whoCanSubmit = { kb: 0, parts: [] as { url: string; kb: number }[] };
    for (let i = 0; i < 3; i++) {
      await page.goto(`${base}/who-can?source=${source}`);
      let ms = 0;
      const payload = await payloadOf(page, async () => {
        ms = await askAndWait(page, question);
      });
      askTimes.push(ms);
      whoCanSubmit = payload;
    }
    const payloads: Record<string, { kb: number; parts: { url: string; kb: number }[] }> = { whoCanSubmit };
    for (const [name, url] of Object.entries(pages)) {
      payloads[name] = await payloadOf(page, async () => {
        await page.goto(url);
      });
    }
    return {
      whoCan: {
        question: { ...question, allNamespaces: true, subjects: question.subjects.length },
        answerVisibleMs: median(askTimes),
        runsMs: askTimes,
      },
      server: { ...server, subjectPage: `${subject.kind} ${subject.namespace ? `${subject.namespace}/` : ''}${subject.name}` },
      payloads,
    };
  } finally {
    await context.close();
  }
}

export type PagesResult = Awaited<ReturnType<typeof measurePages>>;

/** actual/target/pass per target, for the bench's JSON. */
export function pageVerdicts(r: PagesResult) {
  const t = PAGE_TARGETS;
  const verdicts: Record<string, { actual: number; target: string; pass: boolean }> = {
    whoCanSubjects: {
      actual: r.whoCan.question.subjects,
      target: `>= ${t.whoCanMinSubjects}`,
      pass: r.whoCan.question.subjects >= t.whoCanMinSubjects,
    },
    whoCanAnswerVisibleMs: {
      actual: r.whoCan.answerVisibleMs,
      target: `<= ${t.whoCanAnswerVisibleMs}`,
      pass: r.whoCan.answerVisibleMs <= t.whoCanAnswerVisibleMs,
    },
    overviewServerMs: {
      actual: r.server.overview.fullHtmlMs,
      target: `<= ${t.serverResponseMs}`,
      pass: r.server.overview.fullHtmlMs <= t.serverResponseMs,
    },
    subjectServerMs: {
      actual: r.server.subject.fullHtmlMs,
      target: `<= ${t.serverResponseMs}`,
      pass: r.server.subject.fullHtmlMs <= t.serverResponseMs,
    },
  };
  for (const [name, p] of Object.entries(r.payloads)) {
    verdicts[`payloadKB.${name}`] = { actual: p.kb, target: `<= ${t.payloadKB}`, pass: p.kb <= t.payloadKB };
  }
  return verdicts;
}
