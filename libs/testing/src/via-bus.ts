import { parsePayload } from '@portcullis/bus';
import { RpcDefinition } from '@portcullis/contracts';

/**
 * A use case as its message controller sees it: the raw payload is first checked and normalised
 * by the contract, exactly as the bus server does, so specs can send what a caller would.
 */
export function viaBus<P, R>(definition: RpcDefinition<P, unknown>, useCase: { execute(request: P): Promise<R> }) {
  return { execute: async (raw: P): Promise<R> => useCase.execute(parsePayload(definition, raw)) };
}
