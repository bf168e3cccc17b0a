import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** graphql-ws serialises errors with `toJSON`, which only GraphQLError instances have. */
export function revive(errors: readonly GraphQLFormattedError[]): GraphQLError[] {
  return errors.map(
    (e) =>
      new GraphQLError(e.message, {
        path: e.path as (string | number)[] | undefined,
        extensions: e.extensions,
      }),
  );
}
