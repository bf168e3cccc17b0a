import { requirePermission } from '@switchyard/server-kit';
import { type EdgeAnswerer, PreparedResponse } from '../answerer';
import { flagSetScope } from './flag-set-scope';
import type { LiveFlagSet, LiveFlagSets } from './live-flag-sets';

/**
 * `flagSet`, which every server SDK downloads on start and after every change, answered from the
 * live flag set as a body serialised once per version and document: no parse or re-serialisation
 * per request, and an ETag so an unchanged set is answered 304 to a GET with If-None-Match. A
 * refusal or an unknown environment goes the federated way, which words it.
 */
export function flagSetAnswerer(flagSets: LiveFlagSets): EdgeAnswerer {
  const prepared = new WeakMap<LiveFlagSet, WeakMap<object, PreparedResponse>>();
  return async (plan, request) => {
    const [field] = plan;
    if (plan.length !== 1 || !field?.call) return null;
    const { responseKey, call } = field;
    const environment = call.args.environment as string;
    // An SDK key's own project unless the call names one.
    const project = (call.args.project as string | null | undefined) ?? request.identity.project ?? null;
    try {
      requirePermission(request.identity, 'flagset:read', { environment, project });
    } catch {
      return null;
    }
    const { set, stale } = await flagSets.get(flagSetScope(project, environment));
    if (!set) return null;
    // Last known rules during an outage: said in the body too, so not kept.
    if (stale) request.stale = true;
    const key = stale ? null : call.cacheKey;
    const known = key ? prepared.get(set)?.get(key) : undefined;
    if (known) return known;
    const data = { [responseKey]: call.project({ __typename: 'FlagSet', ...set.snapshot }) };
    const answer = new PreparedResponse(
      JSON.stringify(stale ? { data, extensions: { stale: true } } : { data }),
    );
    if (key) {
      let byDocument = prepared.get(set);
      if (!byDocument) {
        byDocument = new WeakMap();
        prepared.set(set, byDocument);
      }
      byDocument.set(key, answer);
    }
    return answer;
  };
}
