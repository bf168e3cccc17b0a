// Readiness probe for `npm start` and deployments: answers once Next.js serves requests.
export function GET() {
  return Response.json({ status: 'ok', service: 'admin-web' });
}
