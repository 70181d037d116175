import { AppError } from '@portcullis/common';
import { ErrorCode } from '@portcullis/contracts';

export interface FieldError {
  field: string;
  messages: string[];
}

export function validationFailed(errors: FieldError[]): AppError {
  return new AppError(ErrorCode.VALIDATION_FAILED, 'The request is invalid', { errors });
}

export function unknownAgentType(id: string): AppError {
  return new AppError(ErrorCode.AGENT_UNKNOWN_TYPE, `Unknown agent type: ${id}`, { agentType: id });
}

/** Names every unknown capability, so the caller can fix them all at once. */
export function unknownCapabilities(capabilities: string[]): AppError {
  const noun = capabilities.length === 1 ? 'capability' : 'capabilities';
  return new AppError(ErrorCode.AGENT_UNKNOWN_CAPABILITY, `Unknown ${noun}: ${capabilities.join(', ')}`, {
    capabilities,
  });
}
