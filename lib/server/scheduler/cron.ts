import 'server-only';
// Cron expressions for snapshot schedules: the five standard fields (minute hour day-of-month
// month day-of-week), evaluated in UTC so every replica and the UI agree on when a run is due.
// Parsing and iteration are cron-parser's (v5: CronExpressionParser.parse + next()).
import { CronExpressionParser } from 'cron-parser';

export { DEFAULT_CRON } from '../../store/schedules';

export type CronCheck = { ok: true; cron: string } | { ok: false; error: string };

/** Accepts a five-field expression; names the expression and the reason otherwise. */
export function checkCron(expression: string): CronCheck {
  const cron = expression.trim().replace(/\s+/g, ' ');
  const fields = cron === '' ? 0 : cron.split(' ').length;
  // cron-parser also takes a leading seconds field; a snapshot every second is never meant.
  if (fields !== 5)
    return {
      ok: false,
      error: `cron expression "${expression}" must have 5 fields (minute hour day-of-month month day-of-week), not ${fields}`,
    };
  try {
    CronExpressionParser.parse(cron, { tz: 'UTC' });
    return { ok: true, cron };
  } catch (error) {
    return { ok: false, error: `cron expression "${expression}" is invalid: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The first time strictly after `after` that the expression matches (UTC). */
export function nextRunAfter(cron: string, after: Date): Date {
  return CronExpressionParser.parse(cron, { currentDate: after, tz: 'UTC' }).next().toDate();
}
