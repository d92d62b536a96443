// POST /api/setup {token, name, password} -> the first admin, once: the one-time token printed by the
// server on an empty installation (lib/server/auth/setup.ts). Public by design: the token is the proof.
import { z } from 'zod';
import { completeSetup } from '../../../lib/server/auth/setup';
import { UserError } from '../../../lib/server/auth/users';
import { HttpError } from '../../../lib/server/http/http-error';
import { withPublicRoute } from '../../../lib/server/http/with-route';

const setupSchema = z.strictObject({ token: z.string().min(1).max(200), name: z.string().min(1).max(64), password: z.string().max(256) });

export const POST = withPublicRoute(
  async ({ body, store }) => {
    const parsed = setupSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new HttpError('invalid', String(issue?.path[0] ?? 'body'), issue?.message ?? 'the body must be {token, name, password}');
    }
    try {
      const admin = await completeSetup(store, parsed.data.token, parsed.data.name, parsed.data.password);
      return Response.json({ ok: true, user: { name: admin.name, role: admin.role } });
    } catch (error) {
      if (error instanceof UserError) throw new HttpError(error.param === 'token' ? 'forbidden' : 'invalid', error.param, error.message);
      throw error;
    }
  },
  { body: 'json' },
);
