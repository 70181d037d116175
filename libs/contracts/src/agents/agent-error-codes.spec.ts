import { ErrorCode, httpStatusForCode } from '../errors/error-codes';

describe('agent error codes', () => {
  it('answers a caller mistake in the catalog 400 and a refused grant or chain 403 (DESIGN §3)', () => {
    expect(httpStatusForCode(ErrorCode.AGENT_UNKNOWN_TYPE)).toBe(400);
    expect(httpStatusForCode(ErrorCode.AGENT_UNKNOWN_CAPABILITY)).toBe(400);
    expect(httpStatusForCode(ErrorCode.AGENT_CAPABILITY_DENIED)).toBe(403);
    expect(httpStatusForCode(ErrorCode.AGENT_DELEGATION_DEPTH)).toBe(403);
  });
});
