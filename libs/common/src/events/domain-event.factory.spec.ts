import { Events } from '@portcullis/contracts';
import { currentOrigin, runWithRequestContext } from '../context/request-context';
import { domainEvent } from './domain-event.factory';

const userId = '0d6b2c8e-3f5a-4e7b-9c1d-2a3b4c5d6e7f';
const build = () =>
  domainEvent(Events.userUpdated, { subject: { type: 'user', id: userId }, data: { fields: ['displayName'] } });

describe('domainEvent and the request origin', () => {
  it("records the ambient request's IP, user agent and request id as the event's meta", () => {
    const context = { requestId: 'req-1', origin: { ip: '203.0.113.9', userAgent: 'curl/8' } };
    expect(runWithRequestContext(context, build).meta).toEqual({
      ip: '203.0.113.9',
      userAgent: 'curl/8',
      requestId: 'req-1',
    });
    expect(runWithRequestContext(context, currentOrigin)).toEqual({ ip: '203.0.113.9', userAgent: 'curl/8' });
  });

  it('leaves meta out, and the origin empty, outside any request (a timer, a relay)', () => {
    expect(build()).not.toHaveProperty('meta');
    expect(currentOrigin()).toEqual({});
  });
});
