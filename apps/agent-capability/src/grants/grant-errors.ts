import { AppError } from '@portcullis/common';
import { CapabilityDenial, ErrorCode } from '@portcullis/contracts';

export const capabilityDenied = (denied: CapabilityDenial[]) =>
  new AppError(ErrorCode.AGENT_CAPABILITY_DENIED, 'None of the requested capabilities can be granted', { denied });

export const agentNotFound = () => new AppError(ErrorCode.AGENT_NOT_FOUND, 'No such agent');

export const agentRevoked = (detail = 'This agent, an agent it descends from, or its session has ended') =>
  new AppError(ErrorCode.AGENT_REVOKED, detail);

export const delegationTooDeep = (max: number) =>
  new AppError(ErrorCode.AGENT_DELEGATION_DEPTH, `Delegation chains are at most ${max} deep`, { maxDepth: max });

export const approvalNotFound = () =>
  new AppError(ErrorCode.AGENT_APPROVAL_NOT_FOUND, 'No such approval, or it expired');
