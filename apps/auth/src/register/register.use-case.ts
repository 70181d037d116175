import { Injectable } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { RegisterRequest, UserDto, UserPatterns } from '@portcullis/contracts';

/** Registration is the user app's to validate and store; it also announces user.registered. */
@Injectable()
export class RegisterUseCase {
  constructor(private readonly bus: BusClient) {}

  execute(request: RegisterRequest): Promise<UserDto> {
    return this.bus.call(UserPatterns.create, request);
  }
}
