import { DeviceTokens } from './device-token';
import { LoginSubject } from './login-subject';

/**
 * The counter an attempt's outcome lands on: its trusted device's, if checkLogin reserved it there
 * and the token still holds, otherwise the account's.
 */
export function counterOf(subject: LoginSubject, devices: DeviceTokens): { counter: string; device: boolean } {
  const device = subject.trustedDevice ? devices.counterOf(subject.account, subject.deviceToken) : undefined;
  return device ? { counter: device, device: true } : { counter: subject.account, device: false };
}
