import { matchRoute } from './route-match';

describe('proxy route matching', () => {
  const routes = [
    { method: 'GET', path: '/users/:id', permission: 'users:read' },
    { method: 'POST', path: '/files/*', capability: 'files:write' },
    { method: '*', path: '/health' },
  ];

  it('matches method and path pattern, first match wins', () => {
    expect(matchRoute(routes, 'GET', '/users/42')?.permission).toBe('users:read');
    expect(matchRoute(routes, 'POST', '/files/a/b/c')?.capability).toBe('files:write');
    expect(matchRoute(routes, 'POST', '/files')?.capability).toBe('files:write');
    expect(matchRoute(routes, 'DELETE', '/health')).toBe(routes[2]);
  });

  it('matches nothing for another method, a longer or shorter path', () => {
    expect(matchRoute(routes, 'DELETE', '/users/42')).toBeUndefined();
    expect(matchRoute(routes, 'GET', '/users/42/posts')).toBeUndefined();
    expect(matchRoute(routes, 'GET', '/users')).toBeUndefined();
  });
});
