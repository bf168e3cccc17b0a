/** Escapes text for an HTML attribute value or element body. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/**
 * The GraphiQL shell page. Every URL in it is same-origin and absolute-path, so it works with no
 * internet; the client reads the GraphQL endpoint and the assets base from data attributes
 * instead of an inline script, which keeps it usable under a strict Content-Security-Policy.
 */
export function graphiqlPage(opts: { endpoint: string; assetsBase: string }): string {
  const assets = escapeHtml(opts.assetsBase);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Switchyard GraphiQL</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${assets}/graphiql.css">
<style>
html, body { height: 100%; margin: 0; }
#graphiql { height: 100dvh; }
#graphiql > .loading { font: 16px system-ui, sans-serif; padding: 2rem; color: #555; }
</style>
</head>
<body>
<div id="graphiql" data-endpoint="${escapeHtml(opts.endpoint)}" data-assets="${assets}">
<p class="loading">Loading GraphiQL…</p>
<noscript><p class="loading">GraphiQL needs JavaScript. GraphQL requests can be POSTed to ${escapeHtml(opts.endpoint)}.</p></noscript>
</div>
<script type="module" src="${assets}/graphiql.js"></script>
</body>
</html>
`;
}
