import { matchRoute } from './route-match';
import { safeTail } from './upstream-path';

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

  describe('on normalised paths', () => {
    const guarded = [
      { method: 'GET', path: '/admin/*', permission: 'admin:read' },
      { method: 'GET', path: '/caf%c3%a9', permission: 'cafe:read' },
      { method: 'GET', path: '/%7Euser', permission: 'home:read' },
      { method: 'GET', path: '*' },
    ];
    const match = (rawTail: string) => matchRoute(guarded, 'GET', safeTail(rawTail) || '/');

    it.each(['/%61dmin/users', '/%61%64%6D%69%6E/users', '/adm%69n', '/admin/users'])(
      'holds %s to the /admin/* permission',
      (tail) => {
        expect(match(tail)?.permission).toBe('admin:read');
      },
    );

    it('does not take an upper-case letter for a lower-case one', () => {
      expect(match('/%41dmin/users')).toBe(guarded[3]);
    });

    it('matches a pattern written with other escapes or case than the request', () => {
      expect(match('/caf%C3%A9')?.permission).toBe('cafe:read');
      expect(match('/caf%c3%a9')?.permission).toBe('cafe:read');
      expect(match('/~user')?.permission).toBe('home:read');
      expect(match('/%7euser')?.permission).toBe('home:read');
    });
  });
});
