import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CreateUserRequest, FindUserRequest, UpdateProfileRequest, UserDto, UserPatterns } from '@portcullis/contracts';
import { CreateUserUseCase } from './create-user.use-case';
import { FindUserUseCase } from './find-user.use-case';
import { UpdateProfileUseCase } from './update-profile.use-case';

@Controller()
export class UsersMessageController {
  constructor(
    private readonly createUser: CreateUserUseCase,
    private readonly findUser: FindUserUseCase,
    private readonly updateProfileUseCase: UpdateProfileUseCase,
  ) {}

  @MessagePattern(UserPatterns.create.pattern)
  create(@Payload() request: CreateUserRequest): Promise<UserDto> {
    return this.createUser.execute(request);
  }

  @MessagePattern(UserPatterns.findById.pattern)
  findById(@Payload() request: FindUserRequest): Promise<UserDto> {
    return this.findUser.execute(request);
  }

  @MessagePattern(UserPatterns.updateProfile.pattern)
  updateProfile(@Payload() request: UpdateProfileRequest): Promise<UserDto> {
    return this.updateProfileUseCase.execute(request);
  }
}
