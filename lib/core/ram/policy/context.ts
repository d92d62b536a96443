// The request context: condition key -> values. Key names are matched case-insensitively (AWS
// "IAM JSON policy elements: Condition": "Condition key names are not case-sensitive"; RAM keys
// follow the same rule here), so lookups go through a lower-cased view built once per context.
import type { RequestContext } from './types';

/** Builds a context from key/value pairs; a repeated key becomes a multi-valued key. */
export function contextFromPairs(pairs: readonly (readonly [string, string])[]): RequestContext {
  const out = new Map<string, string[]>();
  for (const [key, value] of pairs) {
    const values = out.get(key);
    if (values === undefined) out.set(key, [value]);
    else values.push(value);
  }
  return out;
}

const lowered = new WeakMap<RequestContext, ReadonlyMap<string, readonly string[]>>();

function lowerView(context: RequestContext): ReadonlyMap<string, readonly string[]> {
  let view = lowered.get(context);
  if (view === undefined) {
    const map = new Map<string, string[]>();
    for (const [key, values] of context) {
      const k = key.toLowerCase();
      const existing = map.get(k);
      map.set(k, existing === undefined ? [...values] : [...existing, ...values]);
    }
    view = map;
    lowered.set(context, view);
  }
  return view;
}

/**
 * The values of `lowerKey` (already lower-cased) in the context; undefined when the key is absent.
 * A key present with no values is absent too: AWS treats an empty multi-valued key as missing.
 */
export function contextValues(context: RequestContext, lowerKey: string): readonly string[] | undefined {
  const values = lowerView(context).get(lowerKey);
  return values === undefined || values.length === 0 ? undefined : values;
}
