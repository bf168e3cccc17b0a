import type { ApolloServerPlugin } from '@apollo/server';
import type { LiveFlagSets } from '@switchyard/edge';

/** Every mutation relayed through this gateway may change rules: the next evaluation reads them anew. */
export function edgeInvalidationPlugin(flagSets: LiveFlagSets): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse(rc) {
          if (rc.operation?.operation === 'mutation') flagSets.invalidate(null);
        },
      };
    },
  };
}
