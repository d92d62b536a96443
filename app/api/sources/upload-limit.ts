import 'server-only';
import { MAX_UPLOAD_BYTES } from '../../../lib/server/sources/setup-input';

/**
 * The whole multipart body of "Test connection" and "Add source": one dump at the per-file limit,
 * plus 1 MiB for the other fields (a pasted kubeconfig is at most 1 MB) and the part headers.
 * Reached while streaming, before the body is buffered.
 */
export const UPLOAD_BODY_LIMIT = MAX_UPLOAD_BYTES + 1024 * 1024;
