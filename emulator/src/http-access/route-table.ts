/**
 * HTTP access routes: a request goes to the route whose path is the longest prefix of the request path,
 * matched on whole segments ("/api" serves "/api" and "/api/x", not "/apix").
 */
import type { HttpRouteConfig } from '../types';

export class RouteTable {
  private readonly routes: HttpRouteConfig[];

  constructor(routes: HttpRouteConfig[]) {
    this.routes = routes
      .map((route) => ({ ...route, path: normalise(route.path) }))
      .sort((a, b) => b.path.length - a.path.length);
  }

  match(pathname: string): HttpRouteConfig | undefined {
    const path = normalise(pathname);
    return this.routes.find(
      (route) => route.path === '/' || path === route.path || path.startsWith(`${route.path}/`),
    );
  }

  list(): HttpRouteConfig[] {
    return [...this.routes];
  }
}

function normalise(path: string): string {
  let p = path.startsWith('/') ? path : `/${path}`;
  while (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  return p;
}
