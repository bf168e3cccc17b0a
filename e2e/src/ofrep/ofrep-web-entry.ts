// The page's script in the OFREP browser test: OpenFeature's web SDK with OpenFeature's own OFREP web
// provider, unmodified, bundled as an application's bundler would. Exposed as `window.Ofrep`.
import { OFREPWebProvider } from '@openfeature/ofrep-web-provider';
import { type EvaluationContext, OpenFeature } from '@openfeature/web-sdk';

export interface WebDetails {
  key: string;
  value: unknown;
  variant: string | undefined;
  reason: string | undefined;
  errorCode: string | undefined;
}

/** Sets the provider for `context` and reads every flag's details as an application would. */
export async function evaluateFlags(
  baseUrl: string,
  apiKey: string,
  context: EvaluationContext,
  flags: { key: string; type: string }[],
): Promise<WebDetails[]> {
  await OpenFeature.setContext(context);
  await OpenFeature.setProviderAndWait(
    new OFREPWebProvider({ baseUrl, headers: [['Authorization', `Bearer ${apiKey}`]], pollInterval: 0 }),
  );
  const client = OpenFeature.getClient();
  return flags.map(({ key, type }) => {
    const d =
      type === 'BooleanFlagValue'
        ? client.getBooleanDetails(key, false)
        : type === 'StringFlagValue'
          ? client.getStringDetails(key, '')
          : type === 'NumberFlagValue'
            ? client.getNumberDetails(key, 0)
            : client.getObjectDetails(key, {});
    return { key, value: d.value, variant: d.variant, reason: d.reason, errorCode: d.errorCode };
  });
}
