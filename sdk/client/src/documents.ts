// The operations the SDK sends. FlagValue is an interface whose `value` differs in type per implementation, so
// each is aliased.

const flagValueFields = `key variation reason ruleId errorCode errorMessage inExperiment experimentKey prerequisiteKey
  ... on BooleanFlagValue { booleanValue: value }
  ... on StringFlagValue { stringValue: value }
  ... on NumberFlagValue { numberValue: value }
  ... on JsonFlagValue { jsonValue: value }`;

export const FLAG_SET_QUERY = `query SwitchyardFlagSet($environment: String!) {
  flagSet(environment: $environment) { environment project version flags segments }
}`;

export const EVALUATE_QUERY = `query SwitchyardEvaluate($environment: String!, $context: JSON!) {
  evaluate(environment: $environment, context: $context) { ${flagValueFields} }
}`;

export const CONFIG_CHANGED_SUBSCRIPTION = `subscription SwitchyardConfigChanged($environment: String!, $sinceVersion: Int) {
  configChanged(environment: $environment, sinceVersion: $sinceVersion) { seq environment kind resourceType resourceKey }
}`;

export const EVALUATED_CONFIG_SUBSCRIPTION = `subscription SwitchyardEvaluatedConfig($environment: String!, $context: JSON!) {
  evaluatedConfig(environment: $environment, context: $context) { ${flagValueFields} }
}`;

export const TRACK_EVENTS_MUTATION = `mutation SwitchyardTrackEvents($events: [EventInput!]!) {
  trackEvents(events: $events) { accepted duplicates rejected }
}`;

/** A FlagValue as the graph returns it through the documents above. */
export interface FlagValueData {
  key: string;
  variation: string | null;
  reason: string;
  ruleId?: string | null;
  errorCode?: string | null;
  errorMessage?: string | null;
  inExperiment?: boolean | null;
  experimentKey?: string | null;
  prerequisiteKey?: string | null;
  booleanValue?: boolean | null;
  stringValue?: string | null;
  numberValue?: number | null;
  jsonValue?: unknown;
}

export interface ConfigChangeData {
  seq: number;
  environment: string | null;
  kind: string;
  resourceType: string;
  resourceKey: string;
}
