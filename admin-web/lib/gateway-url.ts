/** Where the console finds the federated GraphQL gateway when nothing is configured. */
export const DEFAULT_GATEWAY_URL = 'http://localhost:4000/graphql';

/**
 * The gateway's HTTP endpoint. `NEXT_PUBLIC_GATEWAY_URL` is inlined into the browser
 * bundle by Next.js, so for `next build` it must be set at build time.
 */
export function gatewayUrl(): string {
  const configured = process.env.NEXT_PUBLIC_GATEWAY_URL?.trim();
  return configured ? configured : DEFAULT_GATEWAY_URL;
}
