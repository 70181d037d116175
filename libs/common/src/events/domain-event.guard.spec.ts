import { Events } from '@portcullis/contracts';
import { domainEvent } from './domain-event.factory';
import { eventOfType } from './domain-event.guard';

describe('eventOfType', () => {
  const logout = domainEvent(Events.logout, { subject: { type: 'user', id: 'u' }, data: { sessionId: 's' } });

  it('passes an event of the wanted type through', () => {
    expect(eventOfType(Events.logout, logout)).toBe(logout);
  });

  it.each([
    ['another type', { ...logout, type: 'user.deleted' }],
    ['no id', { ...logout, id: undefined }],
    ['no subject', { ...logout, subject: null }],
    ['not an object', 'auth.logout'],
    ['nothing', undefined],
  ])('refuses %s', (_, value) => {
    expect(eventOfType(Events.logout, value)).toBeUndefined();
  });
});
